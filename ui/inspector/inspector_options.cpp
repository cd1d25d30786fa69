#include "ui/inspector/inspector_options.h"

#include "core/inspect/inspection_store.h"
#include "core/retrieval/knowledge_base.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFileDialog>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QToolButton>

#include <spdlog/spdlog.h>

namespace wb {

InspectorOptions::InspectorOptions(QWidget* parent) : QGroupBox(parent)
{
    lexical_ = new QCheckBox(this);
    lexical_->setChecked(true);
    lexical_->setEnabled(false);   // always runs: it is what the spans come from
    semantic_ = new QCheckBox(this);
    embedderDir_ = new QLineEdit(this);
    browseEmbedder_ = new QToolButton(this);
    browseEmbedder_->setText(QStringLiteral("..."));
    model_ = new QCheckBox(this);
    modelDir_ = new QLineEdit(this);
    browseModel_ = new QToolButton(this);
    browseModel_->setText(QStringLiteral("..."));
    samplesLabel_ = new QLabel(this);
    samples_ = new QSpinBox(this);
    samples_->setRange(0, 16);
    sentences_ = new QCheckBox(this);
    combinerLabel_ = new QLabel(this);
    combiner_ = new QComboBox(this);
    evidenceLabel_ = new QLabel(this);
    evidence_ = new QComboBox(this);

    auto* g = new QGridLayout(this);
    g->addWidget(lexical_, 0, 0, 1, 3);
    g->addWidget(semantic_, 1, 0);
    g->addWidget(embedderDir_, 1, 1);
    g->addWidget(browseEmbedder_, 1, 2);
    g->addWidget(model_, 2, 0);
    g->addWidget(modelDir_, 2, 1);
    g->addWidget(browseModel_, 2, 2);
    g->addWidget(samplesLabel_, 3, 0);
    g->addWidget(samples_, 3, 1, 1, 2);
    g->addWidget(combinerLabel_, 4, 0);
    g->addWidget(combiner_, 4, 1, 1, 2);
    g->addWidget(evidenceLabel_, 5, 0);
    g->addWidget(evidence_, 5, 1, 1, 2);
    g->addWidget(sentences_, 6, 0, 1, 3);
    g->setColumnStretch(1, 1);

    auto browse = [this](QLineEdit* edit) {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Choose a folder"), edit->text());
        if (!dir.isEmpty()) edit->setText(dir);
    };
    connect(browseEmbedder_, &QToolButton::clicked, this, [this, browse] { browse(embedderDir_); });
    connect(browseModel_, &QToolButton::clicked, this, [this, browse] { browse(modelDir_); });
    connect(semantic_, &QCheckBox::toggled, this, &InspectorOptions::updateEnabled);
    connect(model_, &QCheckBox::toggled, this, &InspectorOptions::updateEnabled);
    retranslateUi();
    updateEnabled();
}

void InspectorOptions::retranslateUi()
{
    setTitle(tr("Detectors"));
    lexical_->setText(tr("Lexical grounding (numbers, names, content words)"));
    semantic_->setText(tr("Semantic grounding, embedder:"));
    model_->setText(tr("Model-based grounding, model:"));
    samplesLabel_->setText(tr("Self-consistency samples:"));
    samples_->setSpecialValueText(tr("off"));
    sentences_->setText(tr("Whole sentences as claims (instead of clauses)"));
    combinerLabel_->setText(tr("Combined score:"));
    evidenceLabel_->setText(tr("Evidence:"));
    if (combiner_->count() > 0) combiner_->setItemText(0, tr("Unweighted mean of the detectors"));
    if (evidence_->count() > 0) evidence_->setItemText(0, tr("Pasted documents / the record's input"));
    embedderDir_->setPlaceholderText(tr("embedder or BERT model folder"));
    modelDir_->setPlaceholderText(tr("model folder"));
    updateEnabled();
}

void InspectorOptions::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange) retranslateUi();
    QGroupBox::changeEvent(e);
}

void InspectorOptions::setCanLoadModels(bool can)
{
    canModels_ = can;
    updateEnabled();
}

void InspectorOptions::setCanLoadEmbedders(bool can)
{
    canEmbedders_ = can;
    updateEnabled();
}

void InspectorOptions::updateEnabled()
{
    semantic_->setEnabled(canEmbedders_);
    semantic_->setToolTip(canEmbedders_ ? QString() : tr("This build cannot load embedders."));
    embedderDir_->setEnabled(canEmbedders_ && semantic_->isChecked());
    browseEmbedder_->setEnabled(embedderDir_->isEnabled());
    model_->setEnabled(canModels_);
    model_->setToolTip(canModels_ ? QString() : tr("This build cannot load models."));
    modelDir_->setEnabled(canModels_ && model_->isChecked());
    browseModel_->setEnabled(modelDir_->isEnabled());
    samples_->setEnabled(canModels_ && model_->isChecked());
}

void InspectorOptions::refresh(ProjectStore& store)
{
    const QString combiner = combiner_->currentData().toString();
    const qint64 collection = evidence_->currentData().toLongLong();
    combiner_->clear();
    combiner_->addItem(QString(), QString());
    evidence_->clear();
    evidence_->addItem(QString(), qint64(0));
    try {
        for (const std::string& name : inspect::InspectionStore(store).combinerNames())
            combiner_->addItem(tr("Fitted weights: %1").arg(QString::fromStdString(name)), QString::fromStdString(name));
        for (const CollectionInfo& c : KnowledgeBase(store).collections())
            evidence_->addItem(tr("Knowledge base: %1").arg(QString::fromStdString(c.name)), qint64(c.id));
    } catch (const Error& e) {
        spdlog::warn("inspector: cannot list combiners or collections: {}", e.what());
    }
    if (const int i = combiner_->findData(combiner); i >= 0) combiner_->setCurrentIndex(i);
    if (const int i = evidence_->findData(collection); i >= 0) evidence_->setCurrentIndex(i);
    retranslateUi();
}

InspectorSettings InspectorOptions::settings(ProjectStore& store) const
{
    InspectorSettings s;
    s.semantic = semantic_->isEnabled() && semantic_->isChecked();
    s.embedderDir = embedderDir_->text().trimmed().toStdString();
    s.modelGrounding = model_->isEnabled() && model_->isChecked();
    s.modelDir = modelDir_->text().trimmed().toStdString();
    s.samples = s.modelGrounding ? samples_->value() : 0;
    s.sentences = sentences_->isChecked();
    s.collectionId = evidence_->currentData().toLongLong();
    s.combinerName = combiner_->currentData().toString().toStdString();
    if (!s.combinerName.empty()) {
        s.combiner = inspect::InspectionStore(store).combiner(s.combinerName);
        if (!s.combiner) throw Error("the project has no combiner weights named '" + s.combinerName + "'");
    }
    return s;
}

} // namespace wb
