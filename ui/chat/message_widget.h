#pragma once
// One chat message in a column: who wrote it, its text rendered as Markdown,
// "‹ 2/3 ›" paging through its alternatives (siblings), copy, and per role
// edit-and-resend (user) or regenerate / save to dataset and the generation
// stats (assistant). A reply being streamed is a message with id 0.
#include "core/store/conversations.h"

#include <QVector>
#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QToolButton;

namespace wb {

class MarkdownView;

class MessageWidget : public QWidget {
    Q_OBJECT
public:
    // `author` is the header text ("You", a model's name).
    MessageWidget(const StoredMessage& message, const QString& author, QWidget* parent = nullptr);

    qint64 messageId() const { return id_; }
    QString role() const { return role_; }
    QString text() const;                      // the Markdown source
    bool isStreaming() const { return id_ == 0; }

    // Alternatives of this message in creation order, this one at `index`.
    void setSiblings(const QVector<qint64>& siblingIds, int index);
    QString pagerText() const;                 // "2/3", "" when there are no alternatives
    // While a reply streams (or the column is busy), actions are disabled.
    void setActionsEnabled(bool enabled);
    // Streaming: the text so far (rendered at most every few tens of ms by the caller).
    void setStreamingText(const QString& markdown);
    void setStatsText(const QString& text);
    QString statsText() const;

    // A RAG reply: its citations [n] become links to chunkIds[n - 1].
    void setCitations(const QVector<qint64>& chunkIds);
    QVector<qint64> citations() const { return citations_; }

    MarkdownView* view() const { return view_; }

public Q_SLOTS:
    void copyToClipboard();
    void showPrevious();
    void showNext();
    void startEditing();                       // user turns only
    void finishEditing(bool send);
    void openCitation(int number);             // what clicking the link [number] does

Q_SIGNALS:
    void showSibling(qint64 siblingId);
    void regenerateRequested(qint64 messageId);
    void resendRequested(qint64 messageId, QString newText);   // edit and resend: a new sibling branch
    void saveRequested(qint64 messageId);
    void citationClicked(qint64 chunkId, int number);

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();

    qint64 id_ = 0;
    QString role_;
    QVector<qint64> siblings_;
    QVector<qint64> citations_;
    int index_ = 0;

    QLabel* author_ = nullptr;
    MarkdownView* view_ = nullptr;
    QPlainTextEdit* editor_ = nullptr;
    QWidget* editButtons_ = nullptr;
    QPushButton* sendEdit_ = nullptr;
    QPushButton* cancelEdit_ = nullptr;
    QToolButton* previous_ = nullptr;
    QLabel* pager_ = nullptr;
    QToolButton* next_ = nullptr;
    QToolButton* copy_ = nullptr;
    QToolButton* edit_ = nullptr;
    QToolButton* regenerate_ = nullptr;
    QToolButton* save_ = nullptr;
    QLabel* stats_ = nullptr;
};

} // namespace wb
