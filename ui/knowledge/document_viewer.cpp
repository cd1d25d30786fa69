#include "ui/knowledge/document_viewer.h"

#include <QLabel>
#include <QPlainTextEdit>
#include <QTextCursor>
#include <QVBoxLayout>

#include <algorithm>

namespace wb {

qsizetype utf16Position(const std::string& text, qint64 byte)
{
    const size_t n = size_t(std::clamp<qint64>(byte, 0, qint64(text.size())));
    return QString::fromUtf8(text.data(), qsizetype(n)).size();
}

DocumentViewer::DocumentViewer(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("documentViewer"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    title_ = new QLabel(this);
    title_->setObjectName(QStringLiteral("documentTitle"));
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title_->setWordWrap(true);
    layout->addWidget(title_);
    text_ = new QPlainTextEdit(this);
    text_->setObjectName(QStringLiteral("documentText"));
    text_->setReadOnly(true);
    layout->addWidget(text_, 1);
}

void DocumentViewer::showDocument(qint64 documentId, const QString& title, const std::string& text,
                                  qint64 startByte, qint64 endByte)
{
    documentId_ = documentId;
    title_->setText(title);
    // '\r' would vanish into the line break and shift every position after it.
    QString shown = QString::fromStdString(text);
    shown.replace(QLatin1Char('\r'), QLatin1Char(' '));
    text_->setPlainText(shown);
    QTextCursor c(text_->document());
    c.setPosition(int(utf16Position(text, startByte)));
    c.setPosition(int(utf16Position(text, endByte)), QTextCursor::KeepAnchor);
    text_->setTextCursor(c);
    text_->centerCursor();
}

void DocumentViewer::clear()
{
    documentId_ = 0;
    title_->clear();
    text_->clear();
}

QString DocumentViewer::selectedText() const
{
    QString s = text_->textCursor().selectedText();
    s.replace(QChar::ParagraphSeparator, QLatin1Char('\n'));
    return s;
}

} // namespace wb
