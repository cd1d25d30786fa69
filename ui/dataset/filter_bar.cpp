#include "ui/dataset/filter_bar.h"

#include "ui/dataset/dataset_table_model.h"

#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QTimer>

namespace wb {

namespace {
// Item data: -1 = any; otherwise the enum value.
void addEnumItems(QComboBox* box, int n)
{
    box->addItem(QString(), -1);
    for (int i = 0; i < n; ++i)
        box->addItem(QString(), i);
}
} // namespace

FilterBar::FilterBar(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("filterBar"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    search_ = new QLineEdit(this);
    search_->setObjectName(QStringLiteral("searchEdit"));
    search_->setClearButtonEnabled(true);
    layout->addWidget(search_, 2);

    statusLabel_ = new QLabel(this);
    status_ = new QComboBox(this);
    status_->setObjectName(QStringLiteral("statusFilter"));
    addEnumItems(status_, 4);
    splitLabel_ = new QLabel(this);
    split_ = new QComboBox(this);
    split_->setObjectName(QStringLiteral("splitFilter"));
    addEnumItems(split_, 3);
    tagLabel_ = new QLabel(this);
    tag_ = new QComboBox(this);
    tag_->setObjectName(QStringLiteral("tagFilter"));
    categoryLabel_ = new QLabel(this);
    category_ = new QComboBox(this);
    category_->setObjectName(QStringLiteral("categoryFilter"));
    for (auto [label, box] : {std::pair{statusLabel_, status_}, std::pair{splitLabel_, split_},
                              std::pair{tagLabel_, tag_}, std::pair{categoryLabel_, category_}}) {
        label->setBuddy(box);
        layout->addWidget(label);
        layout->addWidget(box, 1);
        connect(box, &QComboBox::currentIndexChanged, this, &FilterBar::changed);
    }
    fillCombo(tag_, {});
    fillCombo(category_, {});

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(250);
    connect(search_, &QLineEdit::textChanged, debounce_, qOverload<>(&QTimer::start));
    connect(debounce_, &QTimer::timeout, this, &FilterBar::changed);
    connect(search_, &QLineEdit::returnPressed, this, [this] {
        debounce_->stop();
        Q_EMIT changed();
    });
    retranslateUi();
}

void FilterBar::retranslateUi()
{
    search_->setPlaceholderText(tr("Search text (Enter to apply)"));
    statusLabel_->setText(tr("Status:"));
    splitLabel_->setText(tr("Split:"));
    tagLabel_->setText(tr("Tag:"));
    categoryLabel_->setText(tr("Category:"));
    for (QComboBox* box : {status_, split_, tag_, category_})
        box->setItemText(0, tr("All"));
    for (int i = 1; i < status_->count(); ++i)
        status_->setItemText(i, DatasetTableModel::statusTitle(ReviewStatus(status_->itemData(i).toInt())));
    for (int i = 1; i < split_->count(); ++i)
        split_->setItemText(i, DatasetTableModel::splitTitle(Split(split_->itemData(i).toInt())));
}

void FilterBar::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void FilterBar::fillCombo(QComboBox* box, const std::vector<std::string>& values)
{
    const QString current = box->currentIndex() > 0 ? box->currentText() : QString();
    QSignalBlocker block(box);
    box->clear();
    box->addItem(tr("All"));
    for (const auto& v : values)
        box->addItem(QString::fromStdString(v), QString::fromStdString(v));
    const int i = current.isEmpty() ? 0 : box->findData(current);
    box->setCurrentIndex(std::max(i, 0));
    if (!current.isEmpty() && i < 0)
        Q_EMIT changed();   // the chosen tag/category is gone: the filter changed
}

void FilterBar::setChoices(const std::vector<std::string>& tags, const std::vector<std::string>& categories)
{
    fillCombo(tag_, tags);
    fillCombo(category_, categories);
}

void FilterBar::applyTo(RecordQuery& q) const
{
    q.text = search_->text().trimmed().toStdString();
    const int st = status_->currentData().toInt();
    q.status = st >= 0 ? std::optional(ReviewStatus(st)) : std::nullopt;
    const int sp = split_->currentData().toInt();
    q.split = sp >= 0 ? std::optional(Split(sp)) : std::nullopt;
    q.tag = tag_->currentIndex() > 0 ? tag_->currentData().toString().toStdString() : std::string();
    q.category = category_->currentIndex() > 0 ? category_->currentData().toString().toStdString() : std::string();
}

QString FilterBar::describe() const
{
    QStringList parts;
    if (!search_->text().trimmed().isEmpty())
        parts << tr("text: %1").arg(search_->text().trimmed());
    for (auto [label, box] : {std::pair{statusLabel_, status_}, std::pair{splitLabel_, split_},
                              std::pair{tagLabel_, tag_}, std::pair{categoryLabel_, category_}})
        if (box->currentIndex() > 0)
            parts << label->text() + QLatin1Char(' ') + box->currentText();
    return parts.join(QStringLiteral(", "));
}

void FilterBar::clear()
{
    {
        QSignalBlocker b1(search_), b2(status_), b3(split_), b4(tag_), b5(category_);
        search_->clear();
        for (QComboBox* box : {status_, split_, tag_, category_})
            box->setCurrentIndex(0);
    }
    debounce_->stop();
    Q_EMIT changed();
}

} // namespace wb
