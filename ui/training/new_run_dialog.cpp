#include "ui/training/new_run_dialog.h"

#include "core/data/record.h"
#include "core/jobs/run.h"
#include "core/model/config.h"
#include "core/infer/chat_template.h"
#include "ui/common/background_task.h"
#include "ui/common/display_names.h"
#include "ui/training/dataset_tokenizer.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QRadioButton>
#include <QSaveFile>
#include <QScrollArea>
#include <QSpinBox>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include <climits>

namespace wb {

namespace {

QString humanBytes(uint64_t b)
{
    return QLocale().formattedDataSize(qint64(b), 1, QLocale::DataSizeTraditionalFormat);
}

QString humanCount(double n)
{
    if (n >= 1e9) return QLocale().toString(n / 1e9, 'f', 2) + QStringLiteral(" G");
    if (n >= 1e6) return QLocale().toString(n / 1e6, 'f', 2) + QStringLiteral(" M");
    if (n >= 1e3) return QLocale().toString(n / 1e3, 'f', 1) + QStringLiteral(" k");
    return QLocale().toString(n, 'f', 0);
}

QString duration(double s)
{
    if (s >= 3600) return NewRunDialog::tr("%1 h").arg(QLocale().toString(s / 3600, 'f', 1));
    if (s >= 60) return NewRunDialog::tr("%1 min").arg(QLocale().toString(s / 60, 'f', 1));
    return NewRunDialog::tr("%1 s").arg(QLocale().toString(s, 'f', 0));
}

QSpinBox* spin(QWidget* parent, int lo, int hi, int value)
{
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    s->setGroupSeparatorShown(false);
    return s;
}

// A decimal typed as text: QLineEdit keeps what the user wrote, so a bad
// value can be named instead of silently clamped.
bool parseNumber(const QLineEdit* e, double* out)
{
    bool ok = false;
    const double v = QLocale::c().toDouble(e->text().trimmed(), &ok);
    if (ok) *out = v;
    return ok;
}

QString numberText(double v)
{
    return QString::number(v, 'g', 10);
}

const char* kSplits[] = {"train", "validation", "test"};
constexpr int kDatasetNameRole = Qt::UserRole + 1;

} // namespace

NewRunDialog::NewRunDialog(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QDialog(parent)
    , store_(store)
    , projectPath_(QFileInfo(projectPath).absoluteFilePath())
{
    setWindowTitle(tr("New Training Run"));
    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(300);
    connect(debounce_, &QTimer::timeout, this, &NewRunDialog::validateNow);
    buildUi();
    fillDatasets();
    applyDemoDefaults();
}

NewRunDialog::~NewRunDialog()
{
    // A check still running must not call back into a dialog that is gone.
    if (task_ && task_->isRunning()) BackgroundTask::retire(std::move(task_));
    if (tokTask_ && tokTask_->isRunning()) BackgroundTask::retire(std::move(tokTask_));
}

void NewRunDialog::buildUi()
{
    auto* form = new QWidget;
    auto* fl = new QFormLayout(form);
    fl->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    auto errorLabel = [this, fl](const QString& field) {
        auto* e = new QLabel;
        e->setObjectName(QStringLiteral("error_") + field);
        e->setStyleSheet(QStringLiteral("color: #b00020"));
        e->setWordWrap(true);
        e->setTextInteractionFlags(Qt::TextSelectableByMouse);
        e->hide();
        fl->addRow(QString(), e);
        errorLabels_.insert(field, e);
    };
    auto row = [&](const QString& label, QWidget* w, const QString& field) {
        fl->addRow(label, w);
        if (!field.isEmpty()) errorLabel(field);
        return w;
    };

    name_ = new QLineEdit(form);
    row(tr("&Name:"), name_, QStringLiteral("name"));

    dataset_ = new QComboBox(form);
    row(tr("&Dataset:"), dataset_, QStringLiteral("dataset"));
    splitInfo_ = new QLabel(form);
    fl->addRow(QString(), splitInfo_);
    trainSplit_ = new QComboBox(form);
    evalSplit_ = new QComboBox(form);
    evalSplit_->addItem(tr("none"), QString());
    for (const char* s : kSplits) {
        trainSplit_->addItem(displayName(splitFromString(s)), QString::fromLatin1(s));
        evalSplit_->addItem(displayName(splitFromString(s)), QString::fromLatin1(s));
    }
    row(tr("&Train split:"), trainSplit_, QStringLiteral("train_split"));
    row(tr("&Eval split:"), evalSplit_, QStringLiteral("eval_split"));
    method_ = new QComboBox(form);
    method_->addItem(tr("SFT: loss on replies"), QStringLiteral("sft"));
    method_->addItem(tr("Pretraining: loss on every token"), QStringLiteral("pretrain"));
    row(tr("&Method:"), method_, QStringLiteral("method"));
    template_ = new QComboBox(form);
    template_->addItem(tr("the model's"), QString());
    for (ChatTemplateKind k : allChatTemplates()) template_->addItem(QString::fromStdString(toString(k)), QString::fromStdString(toString(k)));
    row(tr("Chat &template:"), template_, QStringLiteral("template"));
    trainOnPrompts_ = new QCheckBox(tr("Also train on prompt tokens"), form);
    row(QString(), trainOnPrompts_, QStringLiteral("train_on_prompts"));

    // ---- model
    auto* modelBox = new QGroupBox(tr("Model"), form);
    auto* ml = new QFormLayout(modelBox);
    hfModel_ = new QRadioButton(tr("&Hugging Face model folder"), modelBox);
    newModel_ = new QRadioButton(tr("New model &from scratch"), modelBox);
    auto* pathRow = new QHBoxLayout;
    modelPath_ = new QLineEdit(modelBox);
    browseModel_ = new QPushButton(tr("Browse…"), modelBox);
    pathRow->addWidget(modelPath_, 1);
    pathRow->addWidget(browseModel_);
    ml->addRow(hfModel_);
    ml->addRow(tr("Folder:"), pathRow);
    ml->addRow(newModel_);
    family_ = new QComboBox(modelBox);
    for (const char* f : {"llama", "qwen2", "mistral", "gpt2"}) family_->addItem(QString::fromLatin1(f), QString::fromLatin1(f));
    preset_ = new QComboBox(modelBox);
    for (const char* p : {"tiny", "small", "gpt2-124m"}) preset_->addItem(QString::fromLatin1(p), QString::fromLatin1(p));
    auto* shape = new QHBoxLayout;
    hidden_ = spin(modelBox, 0, 16384, 0);
    layers_ = spin(modelBox, 0, 256, 0);
    heads_ = spin(modelBox, 0, 256, 0);
    for (QSpinBox* s : {hidden_, layers_, heads_}) s->setSpecialValueText(tr("preset"));
    shape->addWidget(new QLabel(tr("width"), modelBox));
    shape->addWidget(hidden_);
    shape->addWidget(new QLabel(tr("layers"), modelBox));
    shape->addWidget(layers_);
    shape->addWidget(new QLabel(tr("heads"), modelBox));
    shape->addWidget(heads_);
    ml->addRow(tr("Family:"), family_);
    ml->addRow(tr("Preset:"), preset_);
    ml->addRow(tr("Shape:"), shape);
    auto* tokRow = new QHBoxLayout;
    tokenizer_ = new QLineEdit(modelBox);
    tokenizer_->setPlaceholderText(tr("tokenizer.json"));
    browseTokenizer_ = new QPushButton(tr("Browse…"), modelBox);
    tokRow->addWidget(tokenizer_, 1);
    tokRow->addWidget(browseTokenizer_);
    ml->addRow(tr("Tokenizer:"), tokRow);
    auto* trainTokRow = new QHBoxLayout;
    trainTokenizer_ = new QPushButton(tr("Train a Tokenizer on the Dataset"), modelBox);
    tokVocab_ = spin(modelBox, 300, 262144, 1024);
    tokVocab_->setPrefix(tr("vocabulary "));
    trainTokRow->addWidget(trainTokenizer_);
    trainTokRow->addWidget(tokVocab_);
    trainTokRow->addStretch(1);
    ml->addRow(QString(), trainTokRow);
    fl->addRow(modelBox);
    errorLabel(QStringLiteral("model"));
    errorLabel(QStringLiteral("model.new"));
    errorLabel(QStringLiteral("model.tokenizer"));

    // ---- LoRA
    lora_ = new QGroupBox(tr("&LoRA (otherwise full fine-tuning)"), form);
    lora_->setCheckable(true);
    lora_->setChecked(false);
    auto* ll = new QFormLayout(lora_);
    loraRank_ = spin(lora_, 1, 4096, 8);
    loraAlpha_ = new QLineEdit(QStringLiteral("16"), lora_);
    loraDropout_ = new QLineEdit(QStringLiteral("0.05"), lora_);
    loraTargets_ = new QLineEdit(lora_);
    loraTargets_->setPlaceholderText(tr("default: q_proj v_proj (Llama), c_attn (GPT-2)"));
    ll->addRow(tr("Rank:"), loraRank_);
    ll->addRow(tr("Alpha:"), loraAlpha_);
    ll->addRow(tr("Dropout:"), loraDropout_);
    ll->addRow(tr("Target modules:"), loraTargets_);
    fl->addRow(lora_);
    errorLabel(QStringLiteral("lora"));
    errorLabel(QStringLiteral("lora.target_modules"));

    // ---- optimisation
    seqLen_ = spin(form, 1, 1 << 20, 256);
    row(tr("&Sequence length:"), seqLen_, QStringLiteral("seq_len"));
    batch_ = spin(form, 1, 1 << 20, 8);
    row(tr("&Batch size:"), batch_, QStringLiteral("batch_size"));
    accum_ = spin(form, 1, 1 << 20, 1);
    row(tr("Gradient accumulation:"), accum_, QStringLiteral("gradient_accumulation_steps"));
    epochs_ = new QLineEdit(QStringLiteral("1"), form);
    row(tr("&Epochs:"), epochs_, QStringLiteral("epochs"));
    maxSteps_ = spin(form, 0, INT_MAX, 0);
    maxSteps_->setSpecialValueText(tr("from epochs"));
    row(tr("Max steps:"), maxSteps_, QStringLiteral("max_steps"));
    learningRate_ = new QLineEdit(QStringLiteral("3e-4"), form);
    row(tr("&Learning rate:"), learningRate_, QStringLiteral("learning_rate"));
    schedule_ = new QComboBox(form);
    for (const char* s : {"cosine", "linear", "constant"}) schedule_->addItem(QString::fromLatin1(s), QString::fromLatin1(s));
    row(tr("Schedule:"), schedule_, QStringLiteral("lr_scheduler"));
    warmup_ = spin(form, 0, INT_MAX, 0);
    row(tr("Warmup steps:"), warmup_, QStringLiteral("warmup_steps"));
    weightDecay_ = new QLineEdit(QStringLiteral("0"), form);
    row(tr("Weight decay:"), weightDecay_, QStringLiteral("weight_decay"));
    precision_ = new QComboBox(form);
    precision_->addItem(QStringLiteral("fp32"), QStringLiteral("fp32"));
    precision_->addItem(QStringLiteral("bf16"), QStringLiteral("bf16"));
    row(tr("Precision:"), precision_, QStringLiteral("precision"));
    threads_ = spin(form, 0, 1024, 0);
    threads_->setSpecialValueText(tr("all cores"));
    row(tr("Threads:"), threads_, QStringLiteral("threads"));
    evalEvery_ = spin(form, 0, INT_MAX, 0);
    evalEvery_->setSpecialValueText(tr("at the end"));
    row(tr("Evaluate every:"), evalEvery_, QStringLiteral("eval_every"));
    saveEvery_ = spin(form, 0, INT_MAX, 0);
    saveEvery_->setSpecialValueText(tr("when stopped"));
    row(tr("Checkpoint every:"), saveEvery_, QStringLiteral("save_every"));
    seed_ = spin(form, 0, INT_MAX, 42);
    row(tr("Seed:"), seed_, QStringLiteral("seed"));

    auto* scroll = new QScrollArea;
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);

    auto* right = new QWidget;
    auto* rl = new QVBoxLayout(right);
    rl->setContentsMargins(0, 0, 0, 0);
    estimate_ = new QLabel(right);
    estimate_->setObjectName(QStringLiteral("estimateLabel"));
    estimate_->setWordWrap(true);
    estimate_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    rl->addWidget(estimate_);
    rl->addWidget(new QLabel(tr("Token-mask preview (highlighted tokens are trained):"), right));
    preview_ = new QTextBrowser(right);
    preview_->setObjectName(QStringLiteral("previewView"));
    rl->addWidget(preview_, 1);

    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(scroll);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    general_ = new QLabel;
    general_->setObjectName(QStringLiteral("generalError"));
    general_->setStyleSheet(QStringLiteral("color: #b00020"));
    general_->setWordWrap(true);
    general_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    folder_ = new QLabel;
    folder_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Cancel);
    start_ = buttons_->addButton(tr("&Start Training"), QDialogButtonBox::AcceptRole);
    start_->setEnabled(false);
    demo_ = buttons_->addButton(tr("&Demo Defaults"), QDialogButtonBox::ResetRole);
    demo_->setToolTip(tr("A tiny Llama trained from scratch on the dataset in a few minutes on 2 cores"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(general_);
    layout->addWidget(folder_);
    layout->addWidget(buttons_);
    resize(1100, 760);

    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(start_, &QPushButton::clicked, this, [this] {
        if (!createRun().isEmpty()) accept();
    });
    connect(demo_, &QPushButton::clicked, this, &NewRunDialog::applyDemoDefaults);
    connect(browseModel_, &QPushButton::clicked, this, &NewRunDialog::browseModel);
    connect(browseTokenizer_, &QPushButton::clicked, this, &NewRunDialog::browseTokenizer);
    connect(trainTokenizer_, &QPushButton::clicked, this, &NewRunDialog::offerTokenizer);
    connect(dataset_, &QComboBox::currentIndexChanged, this, &NewRunDialog::updateSplitInfo);
    connect(hfModel_, &QRadioButton::toggled, this, &NewRunDialog::updateModelMode);

    // Any change: check again shortly.
    for (QLineEdit* e : findChildren<QLineEdit*>()) connect(e, &QLineEdit::textChanged, this, &NewRunDialog::scheduleCheck);
    for (QComboBox* c : findChildren<QComboBox*>()) connect(c, &QComboBox::currentIndexChanged, this, &NewRunDialog::scheduleCheck);
    for (QSpinBox* s : findChildren<QSpinBox*>()) connect(s, &QSpinBox::valueChanged, this, &NewRunDialog::scheduleCheck);
    for (QCheckBox* c : findChildren<QCheckBox*>()) connect(c, &QCheckBox::toggled, this, &NewRunDialog::scheduleCheck);
    connect(lora_, &QGroupBox::toggled, this, &NewRunDialog::scheduleCheck);
    connect(hfModel_, &QRadioButton::toggled, this, &NewRunDialog::scheduleCheck);
}

void NewRunDialog::fillDatasets()
{
    QSignalBlocker block(dataset_);
    dataset_->clear();
    try {
        for (const DatasetInfo& d : store_.datasets()) {
            dataset_->addItem(tr("%1 (%2, %n record(s))", nullptr, int(d.recordCount))
                                  .arg(QString::fromStdString(d.name), displayName(d.kind)),
                              QVariant::fromValue<qint64>(d.id));
            dataset_->setItemData(dataset_->count() - 1, QString::fromStdString(d.name), kDatasetNameRole);
        }
    } catch (const Error& e) {
        general_->setText(QString::fromStdString(e.what()));
    }
    updateSplitInfo();
}

void NewRunDialog::updateSplitInfo()
{
    const qint64 id = dataset_->currentData().toLongLong();
    if (id == 0) {
        splitInfo_->setText(tr("The project has no datasets: import one first."));
        return;
    }
    try {
        QStringList parts;
        for (const char* s : kSplits) {
            RecordQuery q;
            q.datasetId = id;
            q.split = splitFromString(s);
            parts << tr("%1: %2").arg(displayName(splitFromString(s)), QLocale().toString(qlonglong(store_.count(q))));
        }
        splitInfo_->setText(parts.join(QStringLiteral(", ")));
    } catch (const Error& e) {
        splitInfo_->setText(QString::fromStdString(e.what()));
    }
    scheduleCheck();
}

void NewRunDialog::updateModelMode()
{
    const bool hf = hfModel_->isChecked();
    modelPath_->setEnabled(hf);
    browseModel_->setEnabled(hf);
    for (QWidget* w : std::initializer_list<QWidget*>{family_, preset_, hidden_, layers_, heads_, tokenizer_, browseTokenizer_,
                                                      trainTokenizer_, tokVocab_})
        w->setEnabled(!hf);
}

QString NewRunDialog::demoTokenizerPath(const QString& dataset) const
{
    return QFileInfo(projectPath_).absoluteDir().filePath(QStringLiteral("tokenizers/%1-bpe%2.json").arg(dataset).arg(tokVocab_->value()));
}

void NewRunDialog::applyDemoDefaults()
{
    // Prefer alpaca_en in the sample project, else the first SFT or chat dataset.
    int pick = -1;
    std::vector<DatasetInfo> datasets;
    try {
        datasets = store_.datasets();
    } catch (const Error&) {
    }
    for (size_t i = 0; i < datasets.size() && pick < 0; ++i)
        if (datasets[i].name == "alpaca_en") pick = int(i);
    for (size_t i = 0; i < datasets.size() && pick < 0; ++i)
        if (datasets[i].kind == DatasetKind::Sft || datasets[i].kind == DatasetKind::Chat) pick = int(i);
    if (pick < 0 && !datasets.empty()) pick = 0;

    TrainConfig c;
    c.project = projectPath_.toStdString();
    c.method = TrainMethod::Sft;
    if (pick >= 0) {
        c.dataset = datasets[size_t(pick)].name;
        if (datasets[size_t(pick)].kind == DatasetKind::Text) c.method = TrainMethod::Pretrain;
    }
    c.name = "demo-tiny-llama";
    c.newModel = NewModelSpec{};   // llama, tiny: 64 wide, 2 layers, 4 heads
    tokVocab_->setValue(1024);
    c.tokenizerPath = demoTokenizerPath(QString::fromStdString(c.dataset)).toStdString();
    c.chatTemplate = "chatml";
    c.trainOnPrompts = true;       // a model from scratch needs every token it can learn from
    c.evalSplit.clear();
    try {
        if (pick >= 0) {
            RecordQuery q;
            q.datasetId = datasets[size_t(pick)].id;
            q.split = Split::Validation;
            if (store_.count(q) > 0) c.evalSplit = "validation";
        }
    } catch (const Error&) {
    }
    c.seqLen = 128;
    c.batchSize = 8;
    c.epochs = 8;
    c.learningRate = 3e-3;
    c.warmupSteps = 10;
    c.weightDecay = 0.1;
    c.adamBeta2 = 0.95;
    c.saveEvery = 50;
    c.evalEvery = c.evalSplit.empty() ? 0 : 25;
    setConfig(c);
    if (pick >= 0 && !QFileInfo::exists(tokenizer_->text())) trainTokenizer(tokenizer_->text(), tokVocab_->value());
}

void NewRunDialog::setConfig(const TrainConfig& c)
{
    base_ = c;
    name_->setText(QString::fromStdString(c.name));
    const int ds = dataset_->findData(QString::fromStdString(c.dataset), kDatasetNameRole);
    if (ds >= 0) dataset_->setCurrentIndex(ds);
    trainSplit_->setCurrentIndex(std::max(0, trainSplit_->findData(QString::fromStdString(c.trainSplit))));
    evalSplit_->setCurrentIndex(std::max(0, evalSplit_->findData(QString::fromStdString(c.evalSplit))));
    method_->setCurrentIndex(std::max(0, method_->findData(QString::fromStdString(toString(c.method)))));
    template_->setCurrentIndex(std::max(0, template_->findData(QString::fromStdString(c.chatTemplate))));
    trainOnPrompts_->setChecked(c.trainOnPrompts);
    const bool scratch = c.newModel.has_value();
    hfModel_->setChecked(!scratch);
    newModel_->setChecked(scratch);
    modelPath_->setText(QString::fromStdString(c.modelPath));
    if (scratch) {
        family_->setCurrentIndex(std::max(0, family_->findData(QString::fromUtf8(toString(c.newModel->family).data(), int(toString(c.newModel->family).size())))));
        preset_->setCurrentIndex(std::max(0, preset_->findData(QString::fromStdString(c.newModel->preset))));
        hidden_->setValue(c.newModel->hiddenSize);
        layers_->setValue(c.newModel->numLayers);
        heads_->setValue(c.newModel->numHeads);
    }
    tokenizer_->setText(QString::fromStdString(c.tokenizerPath));
    lora_->setChecked(c.lora.has_value());
    if (c.lora) {
        loraRank_->setValue(c.lora->rank);
        loraAlpha_->setText(numberText(c.lora->alpha));
        loraDropout_->setText(numberText(c.lora->dropout));
        QStringList t;
        for (const std::string& m : c.lora->targetModules) t << QString::fromStdString(m);
        loraTargets_->setText(t.join(QLatin1Char(' ')));
    }
    seqLen_->setValue(c.seqLen);
    batch_->setValue(c.batchSize);
    accum_->setValue(c.gradAccumSteps);
    epochs_->setText(numberText(c.epochs));
    maxSteps_->setValue(int(std::min<int64_t>(c.maxSteps, INT_MAX)));
    learningRate_->setText(numberText(c.learningRate));
    schedule_->setCurrentIndex(std::max(0, schedule_->findData(QString::fromStdString(toString(c.schedule)))));
    warmup_->setValue(int(std::min<int64_t>(c.warmupSteps, INT_MAX)));
    weightDecay_->setText(numberText(c.weightDecay));
    precision_->setCurrentIndex(std::max(0, precision_->findData(QString::fromStdString(toString(c.precision)))));
    threads_->setValue(c.threads);
    evalEvery_->setValue(int(std::min<int64_t>(c.evalEvery, INT_MAX)));
    saveEvery_->setValue(int(std::min<int64_t>(c.saveEvery, INT_MAX)));
    seed_->setValue(int(std::min<uint64_t>(c.seed, INT_MAX)));
    updateModelMode();
    scheduleCheck();
}

TrainConfig NewRunDialog::config() const
{
    TrainConfig c = base_;   // fields the dialog does not show (Adam betas ...) as last set
    c.lora.reset();
    c.newModel.reset();
    c.modelPath.clear();
    c.tokenizerPath.clear();
    c.name = name_->text().trimmed().toStdString();
    c.project = projectPath_.toStdString();
    c.dataset = dataset_->currentData(kDatasetNameRole).toString().toStdString();
    c.trainSplit = trainSplit_->currentData().toString().toStdString();
    c.evalSplit = evalSplit_->currentData().toString().toStdString();
    c.method = method_->currentData().toString() == QLatin1String("pretrain") ? TrainMethod::Pretrain : TrainMethod::Sft;
    c.chatTemplate = template_->currentData().toString().toStdString();
    c.trainOnPrompts = trainOnPrompts_->isChecked();
    if (hfModel_->isChecked()) {
        c.modelPath = QFileInfo(modelPath_->text().trimmed()).absoluteFilePath().toStdString();
        if (modelPath_->text().trimmed().isEmpty()) c.modelPath.clear();
    } else {
        NewModelSpec m;
        m.family = modelFamilyFromString(family_->currentData().toString().toStdString());
        m.preset = preset_->currentData().toString().toStdString();
        m.hiddenSize = hidden_->value();
        m.numLayers = layers_->value();
        m.numHeads = heads_->value();
        c.newModel = m;
        const QString tok = tokenizer_->text().trimmed();
        c.tokenizerPath = tok.isEmpty() ? std::string() : QFileInfo(tok).absoluteFilePath().toStdString();
    }
    if (lora_->isChecked()) {
        LoraConfig l;
        l.rank = loraRank_->value();
        parseNumber(loraAlpha_, &l.alpha);
        parseNumber(loraDropout_, &l.dropout);
        for (const QString& t : loraTargets_->text().split(QRegularExpression(QStringLiteral("[\\s,]+")), Qt::SkipEmptyParts))
            l.targetModules.push_back(t.toStdString());
        c.lora = l;
    }
    c.seqLen = seqLen_->value();
    c.batchSize = batch_->value();
    c.gradAccumSteps = accum_->value();
    parseNumber(epochs_, &c.epochs);
    c.maxSteps = maxSteps_->value();
    parseNumber(learningRate_, &c.learningRate);
    c.schedule = schedule_->currentData().toString() == QLatin1String("linear")     ? LrSchedule::Linear
                 : schedule_->currentData().toString() == QLatin1String("constant") ? LrSchedule::Constant
                                                                                    : LrSchedule::Cosine;
    c.warmupSteps = warmup_->value();
    parseNumber(weightDecay_, &c.weightDecay);
    c.precision = precision_->currentData().toString() == QLatin1String("bf16") ? TrainPrecision::BF16 : TrainPrecision::F32;
    c.threads = threads_->value();
    c.evalEvery = evalEvery_->value();
    c.saveEvery = saveEvery_->value();
    c.seed = uint64_t(seed_->value());
    return c;
}

QString NewRunDialog::localError(QString* field) const
{
    const std::pair<const QLineEdit*, const char*> numbers[] = {
        {epochs_, "epochs"}, {learningRate_, "learning_rate"}, {weightDecay_, "weight_decay"}};
    for (const auto& [edit, name] : numbers) {
        double v = 0;
        if (!parseNumber(edit, &v)) {
            *field = QString::fromLatin1(name);
            return tr("field \"%1\": not a number (got \"%2\")").arg(*field, edit->text());
        }
    }
    if (lora_->isChecked()) {
        double v = 0;
        if (!parseNumber(loraAlpha_, &v) || !parseNumber(loraDropout_, &v)) {
            *field = QStringLiteral("lora");
            return tr("field \"lora\": alpha and dropout must be numbers");
        }
    }
    if (dataset_->currentData().toLongLong() == 0) {
        *field = QStringLiteral("dataset");
        return tr("field \"dataset\": the project has no datasets");
    }
    if (hfModel_->isChecked() && modelPath_->text().trimmed().isEmpty()) {
        *field = QStringLiteral("model");
        return tr("field \"model\": choose a model folder");
    }
    if (newModel_->isChecked() && tokenizer_->text().trimmed().isEmpty()) {
        *field = QStringLiteral("model.tokenizer");
        return tr("field \"model.tokenizer\": a new model needs a tokenizer: choose a tokenizer.json or train one");
    }
    return {};
}

void NewRunDialog::scheduleCheck()
{
    checkCurrent_ = false;
    start_->setEnabled(false);
    folder_->setText(tr("Run folder: %1").arg(QDir::toNativeSeparators(runFolder())));
    debounce_->start();
}

bool NewRunDialog::isChecking() const
{
    return debounce_->isActive() || (task_ && task_->isRunning()) || isTrainingTokenizer();
}

bool NewRunDialog::isValid() const
{
    return checkCurrent_ && check_.ok;
}

void NewRunDialog::validateNow()
{
    debounce_->stop();
    if (task_ && task_->isRunning()) {
        dirty_ = true;   // checked again when this one ends
        return;
    }
    QString field;
    const QString local = localError(&field);
    if (!local.isEmpty()) {
        check_ = RunCheck{};
        check_.error = local;
        check_.errorField = field;
        checkCurrent_ = true;
        showCheck();
        Q_EMIT checked(false);
        return;
    }
    if (isTrainingTokenizer()) {   // the check runs once the tokenizer is written
        estimate_->setText(tr("Training the tokenizer…"));
        return;
    }
    auto result = std::make_shared<RunCheck>();
    const TrainConfig c = config();
    task_ = std::make_unique<BackgroundTask>([c, result](BackgroundTask::Context&) { *result = checkRun(c); }, projectPath_);
    connect(task_.get(), &BackgroundTask::finished, this, [this, result](bool ok, const QString& error) {
        check_ = *result;
        if (!ok && check_.error.isEmpty()) check_.error = error;
        if (dirty_) {
            dirty_ = false;
            QTimer::singleShot(0, this, &NewRunDialog::validateNow);
            return;
        }
        checkCurrent_ = true;
        showCheck();
        Q_EMIT checked(check_.ok);
    });
    estimate_->setText(tr("Checking…"));
    dirty_ = false;
    task_->start();
}

void NewRunDialog::clearErrors()
{
    for (QLabel* l : std::as_const(errorLabels_)) {
        l->clear();
        l->hide();
    }
    general_->clear();
}

void NewRunDialog::showFieldError(const QString& field, const QString& text)
{
    // "model.new.preset" is shown at "model.new", "lora.r" at "lora".
    QString f = field;
    while (!f.isEmpty() && !errorLabels_.contains(f)) {
        const int dot = f.lastIndexOf(QLatin1Char('.'));
        f = dot < 0 ? QString() : f.left(dot);
    }
    QLabel* l = errorLabels_.value(f);
    if (!l) {
        general_->setText(text);
        return;
    }
    l->setText(text);
    l->show();
}

QString NewRunDialog::fieldError(const QString& field) const
{
    QLabel* l = errorLabels_.value(field);
    return l ? l->text() : QString();
}

QString NewRunDialog::generalError() const
{
    return general_->text();
}

QString NewRunDialog::estimateText() const
{
    return estimate_->text();
}

void NewRunDialog::showCheck()
{
    clearErrors();
    if (!check_.ok) {
        showFieldError(check_.errorField, check_.error);
        estimate_->setText(tr("Fix the configuration to see the estimate."));
        preview_->clear();
        start_->setEnabled(false);
        return;
    }
    const RunCheck& k = check_;
    QString text = tr("%1 parameters (%2 trained); %3 train / %4 eval records.")
                       .arg(humanCount(double(k.parameters)), humanCount(double(k.trainableParameters)),
                            QLocale().toString(qlonglong(k.trainRecords)), QLocale().toString(qlonglong(k.evalRecords)));
    text += QLatin1Char('\n') + tr("Memory: about %1 (available now: %2).").arg(humanBytes(k.memoryBytes), humanBytes(k.availableBytes));
    text += QLatin1Char('\n') + tr("About %1 steps, %2 tokens, %3 FLOP per token: about %4, assuming %5 GFLOP/s (measured on 2 CPU "
                                   "cores; tiny models run far below the matmul peak).")
                                    .arg(QLocale().toString(qlonglong(k.estimatedSteps)), humanCount(k.estimatedTokens),
                                         humanCount(k.flopsPerToken), duration(k.estimatedSeconds),
                                         QLocale().toString(k.assumedFlops / 1e9, 'f', 0));
    for (const QString& w : k.warnings) text += QLatin1Char('\n') + tr("Warning: %1").arg(w);
    estimate_->setText(text);
    preview_->setHtml(k.previewHtml);
    start_->setEnabled(true);
}

QString NewRunDialog::runFolder() const
{
    const std::string label = name_->text().trimmed().isEmpty() ? toString(config().method) : name_->text().trimmed().toStdString();
    return QString::fromStdString(defaultRunDir(projectPath_.toStdString(), label));
}

QString NewRunDialog::createRun()
{
    if (!isValid()) {
        general_->setText(check_.error.isEmpty() ? tr("The configuration has not been checked yet.") : check_.error);
        return {};
    }
    const QString dir = runFolder();
    if (!QDir().mkpath(dir)) {
        general_->setText(tr("Cannot create the run folder %1").arg(dir));
        return {};
    }
    QSaveFile f(QDir(dir).filePath(QStringLiteral("run.json")));
    const QByteArray json = QByteArray::fromStdString(toJson(config()));
    if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size() || !f.commit()) {
        general_->setText(tr("Cannot write %1: %2").arg(f.fileName(), f.errorString()));
        return {};
    }
    Q_EMIT runCreated(dir);
    return dir;
}

bool NewRunDialog::isTrainingTokenizer() const
{
    return tokTask_ && tokTask_->isRunning();
}

void NewRunDialog::trainTokenizer(const QString& outPath, int vocabSize)
{
    if (isTrainingTokenizer()) return;
    const qint64 datasetId = dataset_->currentData().toLongLong();
    const std::string project = projectPath_.toStdString(), out = outPath.toStdString();
    tokTask_ = std::make_unique<BackgroundTask>(
        [=](BackgroundTask::Context& ctx) { trainDatasetTokenizer(project, datasetId, vocabSize, out, ctx.cancelFlag()); },
        projectPath_);
    connect(tokTask_.get(), &BackgroundTask::finished, this, [this, outPath](bool ok, const QString& error) {
        trainTokenizer_->setEnabled(newModel_->isChecked());
        if (ok) tokenizer_->setText(outPath);
        else showFieldError(QStringLiteral("model.tokenizer"), error);
        Q_EMIT tokenizerTrained(ok, ok ? outPath : error);
        scheduleCheck();
    });
    trainTokenizer_->setEnabled(false);
    estimate_->setText(tr("Training the tokenizer…"));
    tokTask_->start();
}

void NewRunDialog::offerTokenizer()
{
    const QString dataset = config().dataset.empty() ? QStringLiteral("dataset") : QString::fromStdString(config().dataset);
    const QString path = QFileDialog::getSaveFileName(this, tr("Save Tokenizer"), demoTokenizerPath(dataset),
                                                      tr("Tokenizer (*.json)"));
    if (!path.isEmpty()) trainTokenizer(path, tokVocab_->value());
}

void NewRunDialog::browseModel()
{
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Model Folder"), modelPath_->text());
    if (!dir.isEmpty()) modelPath_->setText(dir);
}

void NewRunDialog::browseTokenizer()
{
    const QString file = QFileDialog::getOpenFileName(this, tr("Tokenizer"), tokenizer_->text(),
                                                      tr("Tokenizers (tokenizer.json *.json *.model);;All files (*)"));
    if (!file.isEmpty()) tokenizer_->setText(file);
}

} // namespace wb
