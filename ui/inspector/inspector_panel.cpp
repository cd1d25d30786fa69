#include "ui/inspector/inspector_panel.h"

#include "core/inspect/inspection_store.h"
#include "core/store/conversations.h"
#include "ui/common/background_task.h"
#include "ui/inspector/batch_inspector.h"
#include "ui/inspector/inspection_view.h"
#include "ui/inspector/inspector_options.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QVBoxLayout>

#include <spdlog/spdlog.h>

#include <limits>

namespace wb {

InspectorPanel::InspectorPanel(ProjectStore& store, const QString& projectPath, QWidget* parent)
    : QWidget(parent), store_(store), projectPath_(projectPath)
{
    tools_ = std::make_shared<InspectorTools>(ModelLoader{}, EmbedderFactory{});
    options_ = new InspectorOptions(this);
    tabs_ = new QTabWidget(this);

    // ---- one answer
    auto* single = new QWidget(tabs_);
    auto* inputs = new QWidget(single);
    questionLabel_ = new QLabel(inputs);
    question_ = new QLineEdit(inputs);
    answerLabel_ = new QLabel(inputs);
    answer_ = new QPlainTextEdit(inputs);
    documentsLabel_ = new QLabel(inputs);
    documents_ = new QPlainTextEdit(inputs);
    recordLabel_ = new QLabel(inputs);
    recordId_ = new QSpinBox(inputs);
    recordId_->setRange(1, std::numeric_limits<int>::max());
    loadRecord_ = new QPushButton(inputs);
    inspect_ = new QPushButton(inputs);
    inspect_->setDefault(true);
    cancel_ = new QPushButton(inputs);
    progress_ = new QProgressBar(inputs);
    progress_->setVisible(false);
    status_ = new QLabel(inputs);
    status_->setWordWrap(true);

    auto* recordRow = new QHBoxLayout;
    recordRow->addWidget(recordLabel_);
    recordRow->addWidget(recordId_, 1);
    recordRow->addWidget(loadRecord_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(inspect_);
    buttons->addWidget(cancel_);
    buttons->addStretch(1);
    auto* il = new QVBoxLayout(inputs);
    il->setContentsMargins(0, 0, 0, 0);
    il->addWidget(questionLabel_);
    il->addWidget(question_);
    il->addWidget(answerLabel_);
    il->addWidget(answer_, 2);
    il->addWidget(documentsLabel_);
    il->addWidget(documents_, 3);
    il->addLayout(recordRow);
    il->addLayout(buttons);
    il->addWidget(progress_);
    il->addWidget(status_);

    view_ = new InspectionView(single);
    auto* split = new QSplitter(Qt::Horizontal, single);
    split->addWidget(inputs);
    split->addWidget(view_);
    split->setStretchFactor(1, 2);
    auto* sl = new QVBoxLayout(single);
    sl->addWidget(split);

    // ---- a whole dataset
    batch_ = new BatchInspector(store_, projectPath_, tabs_);
    batch_->setTools(tools_);
    batch_->setSettingsSource([this] { return options_->settings(store_); });

    tabs_->addTab(single, QString());
    tabs_->addTab(batch_, QString());
    auto* l = new QVBoxLayout(this);
    l->addWidget(options_);
    l->addWidget(tabs_, 1);

    connect(inspect_, &QPushButton::clicked, this, &InspectorPanel::inspect);
    connect(cancel_, &QPushButton::clicked, this, &InspectorPanel::cancel);
    connect(loadRecord_, &QPushButton::clicked, this, [this] { inspectRecord(recordId_->value()); });
    connect(batch_, &BatchInspector::recordsChanged, this, &InspectorPanel::recordsChanged);
    connect(batch_, &BatchInspector::busyChanged, this, [this](bool busy) {
        updateButtons();
        Q_EMIT busyChanged(busy);
    });
    connect(batch_, &BatchInspector::inspectRecordRequested, this, [this](qint64 id) {
        if (inspectRecord(id)) tabs_->setCurrentIndex(0);
    });
    retranslateUi();
    refreshChoices();
    updateButtons();
}

InspectorPanel::~InspectorPanel() = default;

void InspectorPanel::retranslateUi()
{
    tabs_->setTabText(0, tr("One answer"));
    tabs_->setTabText(1, tr("Dataset batch"));
    questionLabel_->setText(tr("Question (optional):"));
    answerLabel_->setText(tr("Answer to check:"));
    documentsLabel_->setText(tr("Evidence documents:"));
    documents_->setPlaceholderText(tr("Paste the documents the answer should rest on; separate them with an empty line."));
    recordLabel_->setText(tr("Or a dataset record, id:"));
    loadRecord_->setText(tr("Inspect record"));
    inspect_->setText(tr("Inspect"));
    cancel_->setText(tr("Cancel"));
}

void InspectorPanel::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(e);
}

void InspectorPanel::showEvent(QShowEvent* e)
{
    if (!isBusy()) refreshChoices();
    QWidget::showEvent(e);
}

void InspectorPanel::setModelLoader(const ModelLoader& loader)
{
    modelLoader_ = loader;
    tools_ = std::make_shared<InspectorTools>(modelLoader_, embedderFactory_);
    batch_->setTools(tools_);
    options_->setCanLoadModels(bool(loader));
}

void InspectorPanel::setEmbedderFactory(const EmbedderFactory& factory)
{
    embedderFactory_ = factory;
    tools_ = std::make_shared<InspectorTools>(modelLoader_, embedderFactory_);
    batch_->setTools(tools_);
    options_->setCanLoadEmbedders(bool(factory));
}

void InspectorPanel::refreshChoices()
{
    options_->refresh(store_);
    if (!batch_->isBusy()) batch_->refreshDatasets();
}

bool InspectorPanel::isBusy() const { return (task_ && task_->isRunning()) || batch_->isBusy(); }

void InspectorPanel::updateButtons()
{
    const bool busy = isBusy();
    inspect_->setEnabled(!busy);
    loadRecord_->setEnabled(!busy);
    const bool single = task_ && task_->isRunning();
    cancel_->setEnabled(single);
    options_->setEnabled(!busy);
    batch_->setOtherTaskRunning(single);
}

std::vector<std::string> InspectorPanel::pastedDocuments() const
{
    std::vector<std::string> out;
    static const QRegularExpression blankLine(QStringLiteral("\\n[ \\t]*\\n"));
    for (const QString& part : documents_->toPlainText().split(blankLine)) {
        const QString t = part.trimmed();
        if (!t.isEmpty()) out.push_back(t.toStdString());
    }
    return out;
}

void InspectorPanel::fail(const QString& error)
{
    lastError_ = error;
    status_->setText(error);
}

bool InspectorPanel::inspect() { return start(0, 0); }

bool InspectorPanel::inspectRecord(qint64 recordId)
{
    if (isBusy()) {
        fail(tr("An inspection is already running."));
        return false;
    }
    const std::optional<Record> r = store_.record(recordId);
    if (!r) {
        fail(tr("There is no record %1.").arg(recordId));
        return false;
    }
    if (r->kind != DatasetKind::Sft) {
        fail(tr("Record %1 is not an SFT record: only instruction/input/output records can be inspected.").arg(recordId));
        return false;
    }
    const inspect::InspectInput in = inputFromRecord(*r);
    recordId_->setValue(int(recordId));
    question_->setText(QString::fromStdString(in.question));
    answer_->setPlainText(QString::fromStdString(in.answer));
    documents_->setPlainText(in.evidence.empty() ? QString() : QString::fromStdString(in.evidence.front()));
    return start(recordId, 0);
}

bool InspectorPanel::inspectMessage(qint64 messageId)
{
    if (isBusy()) {
        fail(tr("An inspection is already running."));
        return false;
    }
    try {
        ConversationStore conversations(store_);
        const std::optional<StoredMessage> m = conversations.message(messageId);
        if (!m) {
            fail(tr("There is no chat message %1.").arg(messageId));
            return false;
        }
        QString question;
        if (m->parentId > 0)
            if (const auto parent = conversations.message(m->parentId); parent && parent->role == "user")
                question = QString::fromStdString(parent->content);
        question_->setText(question);
        answer_->setPlainText(QString::fromStdString(m->content));
    } catch (const Error& e) {
        fail(QString::fromStdString(e.what()));
        return false;
    }
    tabs_->setCurrentIndex(0);
    return start(0, messageId);
}

bool InspectorPanel::start(qint64 recordId, qint64 messageId)
{
    lastError_.clear();
    if (isBusy()) {
        fail(tr("An inspection is already running."));
        return false;
    }
    inspect::InspectInput input;
    input.question = question_->text().trimmed().toStdString();
    input.answer = answer_->toPlainText().toStdString();
    input.evidence = pastedDocuments();
    if (QString::fromStdString(input.answer).trimmed().isEmpty()) {
        fail(tr("There is no answer to inspect."));
        return false;
    }
    try {
        running_ = options_->settings(store_);
    } catch (const Error& e) {
        fail(QString::fromStdString(e.what()));
        return false;
    }
    if (input.evidence.empty() && running_.collectionId <= 0)
        status_->setText(tr("No evidence given: every claim counts as unsupported."));
    pendingRecord_ = recordId;
    pendingMessage_ = messageId;
    cancelled_ = false;
    auto result = std::make_shared<InspectionOutcome>();
    result_ = result;
    auto tools = tools_;
    const InspectorSettings settings = running_;
    task_ = std::make_unique<BackgroundTask>(
        [input, settings, tools, result](BackgroundTask::Context& ctx) {
            *result = runInspection(input, settings, *tools, ctx);
        },
        projectPath_, this);
    connect(task_.get(), &BackgroundTask::progressed, this, [this](qint64 done, qint64 total, const QString& what) {
        progress_->setRange(0, int(total));
        progress_->setValue(int(done));
        if (what == QLatin1String("load")) status_->setText(tr("Loading the detectors' models..."));
        else if (what == QLatin1String("retrieve")) status_->setText(tr("Retrieving evidence..."));
        else if (what == QLatin1String("inspect")) status_->setText(tr("Inspecting..."));
    });
    connect(task_.get(), &BackgroundTask::finished, this, &InspectorPanel::onFinished);
    progress_->setRange(0, 0);
    progress_->setVisible(true);
    task_->start();
    updateButtons();
    Q_EMIT busyChanged(true);
    return true;
}

void InspectorPanel::cancel()
{
    if (task_ && task_->isRunning()) {
        cancelled_ = true;
        task_->cancel();
    }
}

void InspectorPanel::onFinished(bool ok, const QString& error)
{
    progress_->setVisible(false);
    updateButtons();
    Q_EMIT busyChanged(false);
    if (!ok) {
        fail(cancelled_ ? tr("Inspection cancelled.") : tr("Inspection failed: %1").arg(error));
        Q_EMIT inspectionFinished(false);
        return;
    }
    record_ = pendingRecord_;
    message_ = pendingMessage_;
    view_->showOutcome(*result_);
    storeResult();
    const auto& r = result_->report;
    int risky = 0;
    for (const auto& c : r.claims) risky += c.combined >= 0.5 ? 1 : 0;
    QString text = tr("%1 of %2 claims look unsupported.").arg(risky).arg(r.claims.size());
    if (r.evidenceTruncated) text += QLatin1Char(' ') + tr("The evidence was cut to fit the model's context.");
    if (!lastError_.isEmpty()) text += QLatin1Char(' ') + lastError_;
    status_->setText(text);
    Q_EMIT inspectionFinished(true);
}

void InspectorPanel::storeResult()
{
    if (!record_ && !message_) return;
    const auto& o = *result_;
    try {
        inspect::InspectionStore saved(store_);
        const std::string report = inspect::toJson(o.report, o.input.answer).dump();
        const std::string settings = running_.toJson().dump();
        if (record_) saved.saveForRecord(record_, o.input.answer, o.report.answerRisk, report, settings);
        else saved.saveForMessage(message_, o.input.answer, o.report.answerRisk, report, settings);
    } catch (const Error& e) {
        // The result is still shown; say why it was not kept.
        lastError_ = tr("The score was not saved: %1").arg(QString::fromStdString(e.what()));
        spdlog::warn("inspector: {}", e.what());
    }
}

} // namespace wb
