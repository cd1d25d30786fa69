#pragma once
// The stored text of a knowledge-base document with one chunk's byte range
// selected and scrolled into view (what a click on a hit or a citation opens).
#include <QWidget>

#include <string>

class QLabel;
class QPlainTextEdit;

namespace wb {

class DocumentViewer : public QWidget {
    Q_OBJECT
public:
    explicit DocumentViewer(QWidget* parent = nullptr);

    // `text` is the document's UTF-8 text; [startByte, endByte) the chunk.
    void showDocument(qint64 documentId, const QString& title, const std::string& text, qint64 startByte,
                      qint64 endByte);
    void clear();
    qint64 documentId() const { return documentId_; }
    // The selected chunk's text ('\n' line breaks); "" when nothing is selected.
    QString selectedText() const;
    QPlainTextEdit* textEdit() const { return text_; }
    QLabel* titleLabel() const { return title_; }

private:
    qint64 documentId_ = 0;
    QLabel* title_ = nullptr;
    QPlainTextEdit* text_ = nullptr;
};

// UTF-16 position in QString::fromStdString(text) of byte offset `byte` of `text`.
qsizetype utf16Position(const std::string& text, qint64 byte);

} // namespace wb
