#pragma once
// The dataset panel's filter row: debounced full-text search plus status,
// split, tag and category combos. It edits the filter part of a RecordQuery.
#include "core/store/project_store.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QTimer;

namespace wb {

class FilterBar : public QWidget {
    Q_OBJECT
public:
    explicit FilterBar(QWidget* parent = nullptr);

    // Refill the tag and category combos, keeping the current choice when it still exists.
    void setChoices(const std::vector<std::string>& tags, const std::vector<std::string>& categories);
    // Copy the filter into q (text, status, split, tag, category); leaves dataset and sort alone.
    void applyTo(RecordQuery& q) const;
    // "status: accepted, text: 猫" — empty when nothing filters.
    QString describe() const;
    void clear();

    QLineEdit* searchEdit() const { return search_; }

Q_SIGNALS:
    void changed();

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();
    void fillCombo(QComboBox* box, const std::vector<std::string>& values);

    QLineEdit* search_ = nullptr;
    QTimer* debounce_ = nullptr;
    QLabel* statusLabel_ = nullptr;
    QComboBox* status_ = nullptr;
    QLabel* splitLabel_ = nullptr;
    QComboBox* split_ = nullptr;
    QLabel* tagLabel_ = nullptr;
    QComboBox* tag_ = nullptr;
    QLabel* categoryLabel_ = nullptr;
    QComboBox* category_ = nullptr;
};

} // namespace wb
