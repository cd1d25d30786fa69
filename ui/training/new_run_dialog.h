#pragma once
// The new-run dialog: dataset and splits, model (an HF folder, or a new model
// from a preset and a tokenizer, with "Train tokenizer"), method (pretrain /
// SFT, full / LoRA), hyper-parameters. Every change is checked off the GUI
// thread exactly as `llmwb train` will check it (run_check.h); an error is
// shown next to the field it names. Shows the memory and time estimate and
// the token-mask preview. Start writes run.json into a new run folder and
// emits runCreated(folder); the panel launches the job.
//
// Its defaults are the demo: a tiny Llama built from scratch, with a tokenizer
// trained on the dataset, SFT with ChatML on the sample project's alpaca_en.
#include "core/store/project_store.h"
#include "core/train/train_config.h"
#include "ui/training/run_check.h"

#include <QDialog>
#include <QHash>

#include <memory>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QSpinBox;
class QTextBrowser;
class QTimer;

namespace wb {

class BackgroundTask;

class NewRunDialog : public QDialog {
    Q_OBJECT
public:
    NewRunDialog(ProjectStore& store, const QString& projectPath, QWidget* parent = nullptr);
    ~NewRunDialog() override;

    // The configuration the widgets describe. Values that do not parse
    // (a learning rate "abc") are reported by localError().
    TrainConfig config() const;
    void setConfig(const TrainConfig& c);
    // "Demo: tiny Llama from scratch on <dataset>". Trains the tokenizer
    // (in the background) when the project has none for that dataset yet.
    void applyDemoDefaults();
    QString demoTokenizerPath(const QString& dataset) const;

    // Runs the check now (otherwise it runs shortly after each change).
    void validateNow();
    bool isChecking() const;
    bool isValid() const;                 // the last check passed for the current widgets
    const RunCheck& lastCheck() const { return check_; }
    // The error text shown for a run.json field ("" when none).
    QString fieldError(const QString& field) const;
    QString generalError() const;
    QString estimateText() const;
    QString runFolder() const;            // where Start creates the run

    // Starts training a tokenizer for the chosen dataset into `outPath`.
    void trainTokenizer(const QString& outPath, int vocabSize);
    bool isTrainingTokenizer() const;

    // Writes run.json into a new run folder; returns the folder, or "" with
    // the reason in generalError(). Emits runCreated().
    QString createRun();

    // ---- widgets, for tests
    QComboBox* datasetCombo() const { return dataset_; }
    QComboBox* methodCombo() const { return method_; }
    QRadioButton* newModelRadio() const { return newModel_; }
    QLineEdit* modelPathEdit() const { return modelPath_; }
    QLineEdit* tokenizerEdit() const { return tokenizer_; }
    QSpinBox* seqLenSpin() const { return seqLen_; }
    QSpinBox* batchSpin() const { return batch_; }
    QLineEdit* learningRateEdit() const { return learningRate_; }
    QLineEdit* epochsEdit() const { return epochs_; }
    QSpinBox* maxStepsSpin() const { return maxSteps_; }
    QGroupBox* loraGroup() const { return lora_; }
    QTextBrowser* previewView() const { return preview_; }
    QPushButton* startButton() const { return start_; }

Q_SIGNALS:
    void runCreated(QString runDir);
    void checked(bool ok);               // a check finished
    void tokenizerTrained(bool ok, QString pathOrError);

private:
    void buildUi();
    void fillDatasets();
    void updateSplitInfo();
    void updateModelMode();
    void scheduleCheck();
    void showCheck();
    void showFieldError(const QString& field, const QString& text);
    void clearErrors();
    QString localError(QString* field) const;
    void browseModel();
    void browseTokenizer();
    void offerTokenizer();

    ProjectStore& store_;
    QString projectPath_;
    TrainConfig base_;
    RunCheck check_;
    bool checkCurrent_ = false;           // check_ describes the widgets as they are
    bool dirty_ = false;                  // changed while a check ran
    std::unique_ptr<BackgroundTask> task_;
    std::unique_ptr<BackgroundTask> tokTask_;
    QTimer* debounce_ = nullptr;
    QHash<QString, QLabel*> errorLabels_;

    QLineEdit* name_ = nullptr;
    QComboBox* dataset_ = nullptr;
    QLabel* splitInfo_ = nullptr;
    QComboBox* trainSplit_ = nullptr;
    QComboBox* evalSplit_ = nullptr;
    QComboBox* method_ = nullptr;
    QComboBox* template_ = nullptr;
    QCheckBox* trainOnPrompts_ = nullptr;
    QRadioButton* hfModel_ = nullptr;
    QRadioButton* newModel_ = nullptr;
    QLineEdit* modelPath_ = nullptr;
    QPushButton* browseModel_ = nullptr;
    QComboBox* family_ = nullptr;
    QComboBox* preset_ = nullptr;
    QSpinBox* hidden_ = nullptr;
    QSpinBox* layers_ = nullptr;
    QSpinBox* heads_ = nullptr;
    QLineEdit* tokenizer_ = nullptr;
    QPushButton* browseTokenizer_ = nullptr;
    QPushButton* trainTokenizer_ = nullptr;
    QSpinBox* tokVocab_ = nullptr;
    QGroupBox* lora_ = nullptr;
    QSpinBox* loraRank_ = nullptr;
    QLineEdit* loraAlpha_ = nullptr;
    QLineEdit* loraDropout_ = nullptr;
    QLineEdit* loraTargets_ = nullptr;
    QSpinBox* seqLen_ = nullptr;
    QSpinBox* batch_ = nullptr;
    QSpinBox* accum_ = nullptr;
    QLineEdit* epochs_ = nullptr;
    QSpinBox* maxSteps_ = nullptr;
    QLineEdit* learningRate_ = nullptr;
    QComboBox* schedule_ = nullptr;
    QSpinBox* warmup_ = nullptr;
    QLineEdit* weightDecay_ = nullptr;
    QComboBox* precision_ = nullptr;
    QSpinBox* threads_ = nullptr;
    QSpinBox* evalEvery_ = nullptr;
    QSpinBox* saveEvery_ = nullptr;
    QSpinBox* seed_ = nullptr;
    QLabel* estimate_ = nullptr;
    QLabel* general_ = nullptr;
    QLabel* folder_ = nullptr;
    QTextBrowser* preview_ = nullptr;
    QPushButton* start_ = nullptr;
    QPushButton* demo_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

} // namespace wb
