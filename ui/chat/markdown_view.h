#pragma once
// A read-only Markdown view (QTextDocument's CommonMark/GitHub dialect: code
// blocks, lists, tables, links) that is exactly as tall as its text, for
// stacking messages in a scroll area.
#include <QTextBrowser>

namespace wb {

class MarkdownView : public QTextBrowser {
    Q_OBJECT
public:
    explicit MarkdownView(QWidget* parent = nullptr);

    void setMarkdownText(const QString& markdown);
    // Shows `rendered` (e.g. `markdown` with citation links added) while
    // markdownText() stays `markdown`.
    void setRenderedMarkdown(const QString& markdown, const QString& rendered);
    QString markdownText() const { return markdown_; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void resizeEvent(QResizeEvent* e) override;

private:
    void fitHeight();
    QString markdown_;
};

} // namespace wb
