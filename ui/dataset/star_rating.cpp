#include "ui/dataset/star_rating.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QToolButton>

namespace wb {

StarRating::StarRating(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    for (int i = 0; i < 5; ++i) {
        auto* b = new QToolButton(this);
        b->setObjectName(QStringLiteral("star%1").arg(i + 1));
        b->setAutoRaise(true);
        b->setFocusPolicy(Qt::NoFocus);
        connect(b, &QToolButton::clicked, this, [this, i] {
            const int r = i + 1;
            setRating(r == rating_ ? 0 : r);
            Q_EMIT ratingChanged(rating_);
        });
        layout->addWidget(b);
        stars_[size_t(i)] = b;
    }
    layout->addStretch();
    updateStars();
    retranslateUi();
}

void StarRating::setRating(int r)
{
    rating_ = std::clamp(r, 0, 5);
    updateStars();
}

void StarRating::updateStars()
{
    for (int i = 0; i < 5; ++i)
        stars_[size_t(i)]->setText(i < rating_ ? QStringLiteral("★") : QStringLiteral("☆"));
}

void StarRating::retranslateUi()
{
    for (int i = 0; i < 5; ++i)
        stars_[size_t(i)]->setToolTip(tr("Rate %n star(s); click again to clear", nullptr, i + 1));
}

void StarRating::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

} // namespace wb
