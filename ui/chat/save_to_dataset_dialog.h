#pragma once
// "Save to dataset" for one assistant reply: as an SFT record (the exchange),
// or as a preference pair with one of its alternatives (a sibling, or the
// other column's reply to the same prompt), into an existing dataset of the
// right kind or a new one.
#include "core/store/project_store.h"

#include <QDialog>
#include <QVector>

class QButtonGroup;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QRadioButton;

namespace wb {

class SaveToDatasetDialog : public QDialog {
    Q_OBJECT
public:
    struct Alternative {
        qint64 messageId = 0;
        QString label;   // "Alternative 2/3: <start of the text>"
    };
    enum class Mode { Sft, Preference };

    SaveToDatasetDialog(ProjectStore& store, qint64 replyId, const QVector<Alternative>& alternatives,
                        QWidget* parent = nullptr);

    qint64 replyId() const { return replyId_; }
    Mode mode() const;
    void setMode(Mode m);
    // Preference pairs: the alternative picked, and whether this reply is the rejected one.
    qint64 alternativeId() const;
    bool replyIsRejected() const;
    // 0 = create a new dataset named newDatasetName().
    qint64 datasetId() const;
    QString newDatasetName() const;

    QComboBox* datasetCombo() const { return datasets_; }
    QComboBox* alternativeCombo() const { return alternatives_; }
    QLineEdit* newNameEdit() const { return newName_; }
    QCheckBox* rejectedCheck() const { return rejected_; }

private:
    void fillDatasets();
    void updateState();

    ProjectStore& store_;
    qint64 replyId_;
    QRadioButton* sft_ = nullptr;
    QRadioButton* preference_ = nullptr;
    QComboBox* alternatives_ = nullptr;
    QCheckBox* rejected_ = nullptr;
    QComboBox* datasets_ = nullptr;
    QLineEdit* newName_ = nullptr;
    QLabel* hint_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

} // namespace wb
