#pragma once
// The inspector's options: which detectors run (lexical always; semantic with
// an embedder folder; model-based with a model folder; self-consistency
// samples), claims as clauses or sentences, the fitted combiner weights
// stored in the project (or the unweighted mean), and where the evidence
// comes from (the pasted documents / the record's input, or a knowledge-base
// collection).
#include "core/store/project_store.h"
#include "ui/inspector/inspection_job.h"

#include <QGroupBox>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;
class QToolButton;

namespace wb {

class InspectorOptions : public QGroupBox {
    Q_OBJECT
public:
    explicit InspectorOptions(QWidget* parent = nullptr);

    // Detectors whose means the build lacks are disabled with a tooltip saying why.
    void setCanLoadModels(bool can);
    void setCanLoadEmbedders(bool can);
    // Reloads the combiner names and collections from the project.
    void refresh(ProjectStore& store);

    // The settings chosen; the combiner weights are read from `store`.
    // Throws wb::Error when a chosen combiner cannot be read.
    InspectorSettings settings(ProjectStore& store) const;

    QCheckBox* semanticCheck() const { return semantic_; }
    QLineEdit* embedderEdit() const { return embedderDir_; }
    QCheckBox* modelCheck() const { return model_; }
    QLineEdit* modelEdit() const { return modelDir_; }
    QSpinBox* samplesSpin() const { return samples_; }
    QCheckBox* sentencesCheck() const { return sentences_; }
    QComboBox* combinerCombo() const { return combiner_; }
    QComboBox* evidenceCombo() const { return evidence_; }

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();
    void updateEnabled();

    bool canModels_ = false;
    bool canEmbedders_ = false;
    QCheckBox* lexical_ = nullptr;
    QCheckBox* semantic_ = nullptr;
    QLineEdit* embedderDir_ = nullptr;
    QToolButton* browseEmbedder_ = nullptr;
    QCheckBox* model_ = nullptr;
    QLineEdit* modelDir_ = nullptr;
    QToolButton* browseModel_ = nullptr;
    QLabel* samplesLabel_ = nullptr;
    QSpinBox* samples_ = nullptr;
    QCheckBox* sentences_ = nullptr;
    QLabel* combinerLabel_ = nullptr;
    QComboBox* combiner_ = nullptr;
    QLabel* evidenceLabel_ = nullptr;
    QComboBox* evidence_ = nullptr;
};

} // namespace wb
