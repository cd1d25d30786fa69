#pragma once
// The hallucination inspector panel: which parts of an answer does the
// evidence support? Inputs: a pasted question, answer and documents; a dataset
// record (its output checked against its input, or against a knowledge-base
// collection); a chat message (inspectMessage, which the chat panel can call).
// The inspection runs on a worker thread (progress, cancel); the answer comes
// back with its spans coloured by risk, and clicking a span shows its best
// evidence and each detector's score and reason (InspectionView). A second
// tab scores a whole dataset (BatchInspector).
//
// wb_ui links no LibTorch: the app injects wb::CausalLM::load and
// wb::loadEmbedder (setModelLoader, setEmbedderFactory). Without them only
// the lexical detector runs.
#include "core/store/project_store.h"
#include "ui/inspector/inspection_job.h"

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace wb {

class BackgroundTask;
class BatchInspector;
class InspectionView;
class InspectorOptions;

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    InspectorPanel(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);
    ~InspectorPanel() override;

    void setModelLoader(const ModelLoader& loader);
    void setEmbedderFactory(const EmbedderFactory& factory);
    bool canLoadModels() const { return bool(modelLoader_); }
    bool canLoadEmbedders() const { return bool(embedderFactory_); }

    bool isBusy() const;
    QString lastError() const { return lastError_; }
    // Passages of the documents box: separated by empty lines.
    std::vector<std::string> pastedDocuments() const;
    // Where the inspection shown came from: 0 when pasted.
    qint64 inspectedRecord() const { return record_; }
    qint64 inspectedMessage() const { return message_; }

    QTabWidget* tabs() const { return tabs_; }
    InspectorOptions* options() const { return options_; }
    QLineEdit* questionEdit() const { return question_; }
    QPlainTextEdit* answerEdit() const { return answer_; }
    QPlainTextEdit* documentsEdit() const { return documents_; }
    QSpinBox* recordIdSpin() const { return recordId_; }
    QPushButton* inspectButton() const { return inspect_; }
    QPushButton* cancelButton() const { return cancel_; }
    QProgressBar* progressBar() const { return progress_; }
    QLabel* statusLabel() const { return status_; }
    InspectionView* view() const { return view_; }
    BatchInspector* batch() const { return batch_; }

public Q_SLOTS:
    // The pasted question, answer and documents. False (reason in
    // lastError()) when busy or the answer is empty; else the result follows
    // in inspectionFinished().
    bool inspect();
    // Fills the inputs from an SFT record (question = instruction, answer =
    // output, documents = input) and inspects it; its score is stored with it.
    bool inspectRecord(qint64 recordId);
    // Fills the inputs from a chat message (question = the user turn it
    // answers) and inspects it; its score is stored with it.
    bool inspectMessage(qint64 messageId);
    void cancel();
    // Datasets, collections and combiner weights may have changed.
    void refreshChoices();

Q_SIGNALS:
    void inspectionFinished(bool ok);
    void busyChanged(bool busy);
    void recordsChanged();

protected:
    void changeEvent(QEvent* e) override;
    void showEvent(QShowEvent* e) override;

private:
    void retranslateUi();
    bool start(qint64 recordId, qint64 messageId);
    void onFinished(bool ok, const QString& error);
    void updateButtons();
    void fail(const QString& error);
    void storeResult();

    ProjectStore& store_;
    QString projectPath_;
    ModelLoader modelLoader_;
    EmbedderFactory embedderFactory_;
    std::shared_ptr<InspectorTools> tools_;
    std::unique_ptr<BackgroundTask> task_;
    std::shared_ptr<InspectionOutcome> result_;
    InspectorSettings running_;
    qint64 record_ = 0, message_ = 0;        // of the inspection shown
    qint64 pendingRecord_ = 0, pendingMessage_ = 0;
    bool cancelled_ = false;
    QString lastError_;

    InspectorOptions* options_ = nullptr;
    QTabWidget* tabs_ = nullptr;
    QLabel* questionLabel_ = nullptr;
    QLineEdit* question_ = nullptr;
    QLabel* answerLabel_ = nullptr;
    QPlainTextEdit* answer_ = nullptr;
    QLabel* documentsLabel_ = nullptr;
    QPlainTextEdit* documents_ = nullptr;
    QLabel* recordLabel_ = nullptr;
    QSpinBox* recordId_ = nullptr;
    QPushButton* loadRecord_ = nullptr;
    QPushButton* inspect_ = nullptr;
    QPushButton* cancel_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* status_ = nullptr;
    InspectionView* view_ = nullptr;
    BatchInspector* batch_ = nullptr;
};

} // namespace wb
