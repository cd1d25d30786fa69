#pragma once
// Sampling settings of one chat column: a preset (precise / balanced /
// creative) or custom temperature, top-p, top-k, plus the token limit. Saved
// per model in the project's `models` table (see ChatColumn).
#include "core/infer/sampler.h"

#include <nlohmann/json_fwd.hpp>

#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace wb {

class SamplingBox : public QWidget {
    Q_OBJECT
public:
    explicit SamplingBox(QWidget* parent = nullptr);

    QString preset() const;               // "precise" | "balanced" | "creative" | "custom"
    void setPreset(const QString& name);  // fills the fields from a named preset
    // Switches to "custom" with these values.
    void setCustom(double temperature, double topP, int topK);
    SamplingParams params() const;        // seed left at 0: the caller picks one per reply
    int maxTokens() const;
    void setMaxTokens(int n);

    // Fields "preset", "temperature", "top_p", "top_k", "max_tokens" of a
    // settings object; read() ignores missing or mistyped fields.
    void write(nlohmann::json& settings) const;
    void read(const nlohmann::json& settings);

    QComboBox* presetCombo() const { return preset_; }
    QDoubleSpinBox* temperatureSpin() const { return temperature_; }
    QDoubleSpinBox* topPSpin() const { return topP_; }
    QSpinBox* topKSpin() const { return topK_; }
    QSpinBox* maxTokensSpin() const { return maxTokens_; }

Q_SIGNALS:
    void changed();   // by the user or by setters

protected:
    void changeEvent(QEvent* e) override;

private:
    void retranslateUi();
    void showValues(const SamplingParams& p);

    QComboBox* preset_ = nullptr;
    QDoubleSpinBox* temperature_ = nullptr;
    QDoubleSpinBox* topP_ = nullptr;
    QSpinBox* topK_ = nullptr;
    QSpinBox* maxTokens_ = nullptr;
    QLabel* presetLabel_ = nullptr;
    QLabel* temperatureLabel_ = nullptr;
    QLabel* topPLabel_ = nullptr;
    QLabel* topKLabel_ = nullptr;
    QLabel* maxTokensLabel_ = nullptr;
    bool filling_ = false;   // fields being set from a preset: not a switch to custom
};

} // namespace wb
