#include "ui/chat/message_widget.h"

#include "core/infer/rag_prompt.h"
#include "ui/chat/markdown_view.h"

#include <QApplication>
#include <QClipboard>
#include <QDesktopServices>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

namespace wb {

MessageWidget::MessageWidget(const StoredMessage& message, const QString& author, QWidget* parent)
    : QWidget(parent), id_(message.id), role_(QString::fromStdString(message.role))
{
    setObjectName(QStringLiteral("message_%1").arg(id_));
    setAttribute(Qt::WA_StyledBackground);
    setBackgroundRole(role_ == QLatin1String("user") ? QPalette::AlternateBase : QPalette::Base);
    setAutoFillBackground(true);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 6, 8, 6);
    layout->setSpacing(2);

    author_ = new QLabel(author, this);
    author_->setObjectName(QStringLiteral("messageAuthor"));
    QFont bold = author_->font();
    bold.setBold(true);
    author_->setFont(bold);
    layout->addWidget(author_);

    view_ = new MarkdownView(this);
    view_->setObjectName(QStringLiteral("messageText"));
    view_->setMarkdownText(QString::fromStdString(message.content));
    layout->addWidget(view_);

    editor_ = new QPlainTextEdit(this);
    editor_->setObjectName(QStringLiteral("messageEditor"));
    editor_->setVisible(false);
    layout->addWidget(editor_);
    editButtons_ = new QWidget(this);
    auto* eb = new QHBoxLayout(editButtons_);
    eb->setContentsMargins(0, 0, 0, 0);
    eb->addStretch(1);
    sendEdit_ = new QPushButton(editButtons_);
    sendEdit_->setObjectName(QStringLiteral("sendEditButton"));
    cancelEdit_ = new QPushButton(editButtons_);
    cancelEdit_->setObjectName(QStringLiteral("cancelEditButton"));
    eb->addWidget(cancelEdit_);
    eb->addWidget(sendEdit_);
    editButtons_->setVisible(false);
    layout->addWidget(editButtons_);
    connect(sendEdit_, &QPushButton::clicked, this, [this] { finishEditing(true); });
    connect(cancelEdit_, &QPushButton::clicked, this, [this] { finishEditing(false); });

    auto* footer = new QHBoxLayout;
    footer->setSpacing(2);
    auto tool = [this, footer](const char* name) {
        auto* b = new QToolButton(this);
        b->setObjectName(QString::fromLatin1(name));
        b->setAutoRaise(true);
        footer->addWidget(b);
        return b;
    };
    previous_ = tool("previousSibling");
    previous_->setText(QStringLiteral("‹"));
    pager_ = new QLabel(this);
    pager_->setObjectName(QStringLiteral("siblingPager"));
    footer->addWidget(pager_);
    next_ = tool("nextSibling");
    next_->setText(QStringLiteral("›"));
    copy_ = tool("copyButton");
    edit_ = tool("editButton");
    regenerate_ = tool("regenerateButton");
    save_ = tool("saveButton");
    stats_ = new QLabel(this);
    stats_->setObjectName(QStringLiteral("messageStats"));
    stats_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont small = stats_->font();
    small.setPointSizeF(small.pointSizeF() * 0.85);
    stats_->setFont(small);
    footer->addSpacing(8);
    footer->addWidget(stats_);
    footer->addStretch(1);
    layout->addLayout(footer);

    const bool user = role_ == QLatin1String("user");
    const bool assistant = role_ == QLatin1String("assistant");
    edit_->setVisible(user && !isStreaming());
    regenerate_->setVisible(assistant && !isStreaming());
    save_->setVisible(assistant && !isStreaming());
    copy_->setVisible(!isStreaming());
    stats_->setVisible(assistant);
    stats_->setText(QString());
    setSiblings({}, 0);

    connect(copy_, &QToolButton::clicked, this, &MessageWidget::copyToClipboard);
    connect(previous_, &QToolButton::clicked, this, &MessageWidget::showPrevious);
    connect(next_, &QToolButton::clicked, this, &MessageWidget::showNext);
    connect(edit_, &QToolButton::clicked, this, &MessageWidget::startEditing);
    connect(regenerate_, &QToolButton::clicked, this, [this] { Q_EMIT regenerateRequested(id_); });
    connect(save_, &QToolButton::clicked, this, [this] { Q_EMIT saveRequested(id_); });
    retranslateUi();
}

namespace {

constexpr const char* kCitationScheme = "cite";

// The Markdown with each citation mark replaced by links "[\[n\]](cite:n)".
QString linkCitations(const QString& markdown, int passages)
{
    const std::string text = markdown.toStdString();
    std::string out;
    size_t at = 0;
    for (const CitationMark& m : findCitations(text, passages)) {
        out += text.substr(at, m.begin - at);
        const bool fullWidth = text.compare(m.begin, 1, "[") != 0;
        for (int n : m.numbers) {
            const std::string label = fullWidth ? "\xE3\x80\x90" + std::to_string(n) + "\xE3\x80\x91"   // 【n】
                                                : "\\[" + std::to_string(n) + "\\]";
            out += "[" + label + "](" + kCitationScheme + ":" + std::to_string(n) + ")";
        }
        at = m.end;
    }
    out += text.substr(at);
    return QString::fromStdString(out);
}

} // namespace

void MessageWidget::setCitations(const QVector<qint64>& chunkIds)
{
    citations_ = chunkIds;
    if (citations_.isEmpty()) {
        view_->setRenderedMarkdown(text(), text());
        return;
    }
    view_->setOpenLinks(false);   // cite: links are ours; others open below
    disconnect(view_, &QTextBrowser::anchorClicked, this, nullptr);
    connect(view_, &QTextBrowser::anchorClicked, this, [this](const QUrl& url) {
        if (url.scheme() == QLatin1String(kCitationScheme))
            openCitation(url.path().toInt());
        else
            QDesktopServices::openUrl(url);
    });
    view_->setRenderedMarkdown(text(), linkCitations(text(), int(citations_.size())));
}

void MessageWidget::openCitation(int number)
{
    if (number >= 1 && number <= citations_.size())
        Q_EMIT citationClicked(citations_[number - 1], number);
}

QString MessageWidget::text() const
{
    return view_->markdownText();
}

void MessageWidget::setSiblings(const QVector<qint64>& siblingIds, int index)
{
    siblings_ = siblingIds;
    index_ = index;
    const bool paged = siblings_.size() > 1;
    previous_->setVisible(paged);
    next_->setVisible(paged);
    pager_->setVisible(paged);
    pager_->setText(pagerText());
    previous_->setEnabled(index_ > 0);
    next_->setEnabled(index_ + 1 < siblings_.size());
}

QString MessageWidget::pagerText() const
{
    return siblings_.size() > 1 ? QStringLiteral("%1/%2").arg(index_ + 1).arg(siblings_.size()) : QString();
}

void MessageWidget::setActionsEnabled(bool enabled)
{
    for (QWidget* w : {static_cast<QWidget*>(edit_), static_cast<QWidget*>(regenerate_),
                       static_cast<QWidget*>(save_), static_cast<QWidget*>(sendEdit_)})
        w->setEnabled(enabled);
    previous_->setEnabled(enabled && index_ > 0);
    next_->setEnabled(enabled && index_ + 1 < siblings_.size());
}

void MessageWidget::setStreamingText(const QString& markdown)
{
    view_->setMarkdownText(markdown);
}

void MessageWidget::setStatsText(const QString& text)
{
    stats_->setText(text);
}

QString MessageWidget::statsText() const
{
    return stats_->text();
}

void MessageWidget::copyToClipboard()
{
    QApplication::clipboard()->setText(text());
}

void MessageWidget::showPrevious()
{
    if (index_ > 0)
        Q_EMIT showSibling(siblings_[index_ - 1]);
}

void MessageWidget::showNext()
{
    if (index_ + 1 < siblings_.size())
        Q_EMIT showSibling(siblings_[index_ + 1]);
}

void MessageWidget::startEditing()
{
    if (role_ != QLatin1String("user") || isStreaming())
        return;
    editor_->setPlainText(text());
    view_->setVisible(false);
    editor_->setVisible(true);
    editButtons_->setVisible(true);
    editor_->setFocus();
}

void MessageWidget::finishEditing(bool send)
{
    const QString newText = editor_->toPlainText().trimmed();
    editor_->setVisible(false);
    editButtons_->setVisible(false);
    view_->setVisible(true);
    if (send && !newText.isEmpty())
        Q_EMIT resendRequested(id_, newText);
}

void MessageWidget::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void MessageWidget::retranslateUi()
{
    previous_->setToolTip(tr("Previous alternative"));
    next_->setToolTip(tr("Next alternative"));
    copy_->setText(tr("Copy"));
    copy_->setToolTip(tr("Copy the message as Markdown"));
    edit_->setText(tr("Edit"));
    edit_->setToolTip(tr("Edit this message and send it again as a new branch"));
    regenerate_->setText(tr("Regenerate"));
    regenerate_->setToolTip(tr("Write another reply; the alternatives stay and can be paged through"));
    save_->setText(tr("Save to dataset…"));
    save_->setToolTip(tr("Save this exchange, or it and an alternative as a preference pair"));
    sendEdit_->setText(tr("Send"));
    cancelEdit_->setText(tr("Cancel"));
}

} // namespace wb
