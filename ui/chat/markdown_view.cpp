#include "ui/chat/markdown_view.h"

#include <QAbstractTextDocumentLayout>
#include <QResizeEvent>
#include <QScrollBar>

#include <algorithm>
#include <cmath>

namespace wb {

MarkdownView::MarkdownView(QWidget* parent) : QTextBrowser(parent)
{
    setObjectName(QStringLiteral("markdownView"));
    setFrameShape(QFrame::NoFrame);
    setOpenExternalLinks(true);
    setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setTextInteractionFlags(Qt::TextBrowserInteraction | Qt::TextSelectableByKeyboard);
    viewport()->setAutoFillBackground(false);
    connect(document()->documentLayout(), &QAbstractTextDocumentLayout::documentSizeChanged, this,
            &MarkdownView::fitHeight);
}

void MarkdownView::setMarkdownText(const QString& markdown)
{
    if (markdown == markdown_ && !markdown.isEmpty())
        return;
    markdown_ = markdown;
    setMarkdown(markdown);
    fitHeight();
}

void MarkdownView::setRenderedMarkdown(const QString& markdown, const QString& rendered)
{
    markdown_ = markdown;
    setMarkdown(rendered);
    fitHeight();
}

QSize MarkdownView::sizeHint() const
{
    return {QTextBrowser::sizeHint().width(), height()};
}

QSize MarkdownView::minimumSizeHint() const
{
    return {60, height()};
}

void MarkdownView::resizeEvent(QResizeEvent* e)
{
    QTextBrowser::resizeEvent(e);
    if (e->size().width() != e->oldSize().width())
        fitHeight();
}

// Lays the document out at the viewport's width and takes its height, so the
// surrounding scroll area scrolls instead of this view.
void MarkdownView::fitHeight()
{
    document()->setTextWidth(viewport()->width());
    const int h = int(std::ceil(document()->size().height())) + 2 * frameWidth();
    if (h != height())
        setFixedHeight(std::max(h, fontMetrics().height()));
}

} // namespace wb
