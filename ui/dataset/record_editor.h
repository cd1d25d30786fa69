#pragma once
// Edits one record: a text field per content field of its kind (with live
// character and token counts), tags, rating, status and split. Save writes
// through ProjectStore::updateRecord (one undoable revision), Revert reloads.
#include "core/store/project_store.h"
#include "core/text/token_counter.h"

#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QButtonGroup;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;
class QVBoxLayout;

namespace wb {

class StarRating;

class RecordEditor : public QWidget {
    Q_OBJECT
public:
    explicit RecordEditor(ProjectStore& store, QWidget* parent = nullptr);

    // Show a record (or nothing). Discards unsaved edits: callers save first.
    void setRecord(const std::optional<Record>& r);
    qint64 recordId() const { return original_ ? original_->id : 0; }
    bool isDirty() const;
    // The loaded record with the editor's values applied.
    Record currentRecord() const;
    // The text field editing `key` ("instruction", "output", "message.1"...), for tests.
    QPlainTextEdit* fieldEdit(const QString& key) const;
    // Empty while the tokenizer loads or when it is unavailable.
    std::shared_ptr<const TokenCounter> tokenCounter() const { return tokens_; }

public Q_SLOTS:
    bool save();      // false (and a message) when the store refused
    void revert();

Q_SIGNALS:
    void saved(qint64 recordId);
    void dirtyChanged(bool dirty);
    void tokenCounterReady();

protected:
    void changeEvent(QEvent* e) override;

private:
    struct Field {
        QString key;
        QLabel* title = nullptr;
        QPlainTextEdit* edit = nullptr;
        QLineEdit* role = nullptr;      // chat/preference turns only
        QLabel* counts = nullptr;
    };
    void retranslateUi();
    void rebuildFields(const Record& r, bool withFields);
    void addField(const QString& key, const QString& text, const QString& role = {}, bool withRole = false);
    QString fieldTitle(const Field& f) const;
    void updateCounts();
    void onEdited();
    void loadTokenCounter();

    ProjectStore& store_;
    std::optional<Record> original_;
    std::shared_ptr<const TokenCounter> tokens_;
    bool tokensFailed_ = false;
    bool loading_ = false;
    bool lastDirty_ = false;

    QLabel* header_ = nullptr;
    QWidget* fieldsHost_ = nullptr;
    QVBoxLayout* fieldsLayout_ = nullptr;
    std::vector<Field> fields_;
    QLineEdit* category_ = nullptr;
    QLabel* categoryLabel_ = nullptr;
    QLabel* tagsLabel_ = nullptr;
    QLineEdit* tags_ = nullptr;
    QLabel* ratingLabel_ = nullptr;
    StarRating* rating_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QButtonGroup* status_ = nullptr;
    QLabel* splitLabel_ = nullptr;
    QComboBox* split_ = nullptr;
    QPushButton* saveButton_ = nullptr;
    QPushButton* revertButton_ = nullptr;
    QTimer* countTimer_ = nullptr;
};

} // namespace wb
