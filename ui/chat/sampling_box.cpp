#include "ui/chat/sampling_box.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include <nlohmann/json.hpp>

namespace wb {

namespace {
const QString kCustom = QStringLiteral("custom");
}

SamplingBox::SamplingBox(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("samplingBox"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto label = [this, layout](QWidget* buddy) {
        auto* l = new QLabel(this);
        l->setBuddy(buddy);
        layout->addWidget(l);
        layout->addWidget(buddy);
        return l;
    };
    preset_ = new QComboBox(this);
    preset_->setObjectName(QStringLiteral("presetCombo"));
    for (const std::string& name : samplingPresetNames())
        preset_->addItem(QString(), QString::fromStdString(name));
    preset_->addItem(QString(), kCustom);
    presetLabel_ = label(preset_);

    temperature_ = new QDoubleSpinBox(this);
    temperature_->setObjectName(QStringLiteral("temperatureSpin"));
    temperature_->setRange(0.0, 2.0);
    temperature_->setSingleStep(0.05);
    temperature_->setDecimals(2);
    temperatureLabel_ = label(temperature_);
    topP_ = new QDoubleSpinBox(this);
    topP_->setObjectName(QStringLiteral("topPSpin"));
    topP_->setRange(0.0, 1.0);
    topP_->setSingleStep(0.05);
    topP_->setDecimals(2);
    topPLabel_ = label(topP_);
    topK_ = new QSpinBox(this);
    topK_->setObjectName(QStringLiteral("topKSpin"));
    topK_->setRange(0, 1000);
    topKLabel_ = label(topK_);
    maxTokens_ = new QSpinBox(this);
    maxTokens_->setObjectName(QStringLiteral("maxTokensSpin"));
    maxTokens_->setRange(1, 1 << 20);
    maxTokens_->setValue(256);
    maxTokensLabel_ = label(maxTokens_);
    layout->addStretch(1);

    connect(preset_, &QComboBox::currentIndexChanged, this, [this] {
        const QString name = preset();
        if (name != kCustom)
            showValues(samplingPreset(name.toStdString()));
        Q_EMIT changed();
    });
    auto edited = [this] {
        if (filling_)
            return;
        // Editing a value makes the settings custom.
        if (preset() != kCustom) {
            const QSignalBlocker block(preset_);
            preset_->setCurrentIndex(preset_->findData(kCustom));
        }
        Q_EMIT changed();
    };
    connect(temperature_, &QDoubleSpinBox::valueChanged, this, edited);
    connect(topP_, &QDoubleSpinBox::valueChanged, this, edited);
    connect(topK_, &QSpinBox::valueChanged, this, edited);
    connect(maxTokens_, &QSpinBox::valueChanged, this, [this] { Q_EMIT changed(); });

    retranslateUi();
    setPreset(QStringLiteral("balanced"));
    showValues(samplingPreset("balanced"));
}

QString SamplingBox::preset() const
{
    return preset_->currentData().toString();
}

void SamplingBox::setPreset(const QString& name)
{
    const int i = preset_->findData(name);
    if (i >= 0)
        preset_->setCurrentIndex(i);
}

void SamplingBox::setCustom(double temperature, double topP, int topK)
{
    {
        const QSignalBlocker block(preset_);
        preset_->setCurrentIndex(preset_->findData(kCustom));
    }
    filling_ = true;
    temperature_->setValue(temperature);
    topP_->setValue(topP);
    topK_->setValue(topK);
    filling_ = false;
    Q_EMIT changed();
}

void SamplingBox::showValues(const SamplingParams& p)
{
    filling_ = true;
    temperature_->setValue(p.greedy ? 0.0 : p.temperature);
    topP_->setValue(p.topP);
    topK_->setValue(p.topK);
    filling_ = false;
}

SamplingParams SamplingBox::params() const
{
    const QString name = preset();
    if (name != kCustom)
        return samplingPreset(name.toStdString());
    SamplingParams p;
    p.temperature = float(temperature_->value());
    p.greedy = p.temperature == 0.0f;
    p.topP = float(topP_->value());
    p.topK = topK_->value();
    return p;
}

int SamplingBox::maxTokens() const
{
    return maxTokens_->value();
}

void SamplingBox::setMaxTokens(int n)
{
    maxTokens_->setValue(n);
}

void SamplingBox::write(nlohmann::json& settings) const
{
    settings["preset"] = preset().toStdString();
    settings["temperature"] = temperature_->value();
    settings["top_p"] = topP_->value();
    settings["top_k"] = topK_->value();
    settings["max_tokens"] = maxTokens_->value();
}

void SamplingBox::read(const nlohmann::json& s)
{
    if (!s.is_object())
        return;
    auto number = [&s](const char* key, double fallback) {
        const auto it = s.find(key);
        return it != s.end() && it->is_number() ? it->get<double>() : fallback;
    };
    if (const auto it = s.find("max_tokens"); it != s.end() && it->is_number_integer())
        maxTokens_->setValue(it->get<int>());
    const auto it = s.find("preset");
    const QString name = it != s.end() && it->is_string() ? QString::fromStdString(it->get<std::string>()) : QString();
    if (name == kCustom)
        setCustom(number("temperature", temperature_->value()), number("top_p", topP_->value()),
                  int(number("top_k", topK_->value())));
    else if (preset_->findData(name) >= 0)
        setPreset(name);
}

void SamplingBox::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(e);
}

void SamplingBox::retranslateUi()
{
    for (int i = 0; i < preset_->count(); ++i) {
        const QString name = preset_->itemData(i).toString();
        preset_->setItemText(i, name == QLatin1String("precise")    ? tr("Precise")
                                : name == QLatin1String("balanced") ? tr("Balanced")
                                : name == QLatin1String("creative") ? tr("Creative")
                                                                    : tr("Custom"));
    }
    presetLabel_->setText(tr("Sampling:"));
    temperatureLabel_->setText(tr("Temperature:"));
    topPLabel_->setText(tr("Top-p:"));
    topKLabel_->setText(tr("Top-k:"));
    maxTokensLabel_->setText(tr("Max tokens:"));
    temperature_->setToolTip(tr("0 picks the most likely token every time"));
    topK_->setToolTip(tr("0 turns top-k off"));
}

} // namespace wb
