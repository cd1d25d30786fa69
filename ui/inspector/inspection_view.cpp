#include "ui/inspector/inspection_view.h"

#include "ui/inspector/evidence_match.h"
#include "ui/inspector/span_reason.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QMouseEvent>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTextCursor>
#include <QVBoxLayout>

#include <algorithm>
#include <string_view>

namespace wb {
namespace {

QString swatch(const QColor& c)
{
    return QStringLiteral("<span style=\"background-color:%1\">&nbsp;&nbsp;&nbsp;&nbsp;</span>").arg(c.name());
}

QTextBrowser* readOnlyText(QWidget* parent)
{
    auto* t = new QTextBrowser(parent);
    t->setOpenLinks(false);
    t->setUndoRedoEnabled(false);
    return t;
}

} // namespace

QColor InspectionView::matchColor() { return QColor(0xb5, 0xe6, 0xb0); }

void highlightByteRanges(QTextDocument* doc, const std::string& utf8,
                         const std::vector<std::pair<size_t, size_t>>& ranges, const QColor& colour)
{
    for (const auto& [b, e] : ranges) {
        QTextCursor c(doc);
        c.setPosition(utf16PosOfByte(utf8, b));
        c.setPosition(utf16PosOfByte(utf8, e), QTextCursor::KeepAnchor);
        QTextCharFormat f;
        f.setBackground(colour);
        c.mergeCharFormat(f);
    }
}

InspectionView::InspectionView(QWidget* parent) : QWidget(parent)
{
    risk_ = new QLabel(this);
    risk_->setWordWrap(true);
    legend_ = new QLabel(this);
    legend_->setWordWrap(true);
    legend_->setTextFormat(Qt::RichText);
    answer_ = readOnlyText(this);
    answer_->setObjectName(QStringLiteral("inspectorAnswer"));
    answer_->viewport()->installEventFilter(this);
    answer_->viewport()->setCursor(Qt::PointingHandCursor);

    auto* details = new QWidget(this);
    claimLabel_ = new QLabel(details);
    claimView_ = readOnlyText(details);
    claimView_->setMaximumHeight(80);
    spanLabel_ = new QLabel(details);
    spanLabel_->setWordWrap(true);
    evidenceLabel_ = new QLabel(details);
    evidenceLabel_->setWordWrap(true);
    evidence_ = readOnlyText(details);
    detectors_ = new QTableWidget(0, 3, details);
    detectors_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    detectors_->verticalHeader()->hide();
    detectors_->horizontalHeader()->setStretchLastSection(true);
    detectors_->setSelectionBehavior(QAbstractItemView::SelectRows);
    auto* dl = new QVBoxLayout(details);
    dl->setContentsMargins(0, 0, 0, 0);
    dl->addWidget(claimLabel_);
    dl->addWidget(claimView_);
    dl->addWidget(spanLabel_);
    dl->addWidget(evidenceLabel_);
    dl->addWidget(evidence_, 2);
    dl->addWidget(detectors_, 1);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(answer_);
    split->addWidget(details);
    auto* l = new QVBoxLayout(this);
    l->setContentsMargins(0, 0, 0, 0);
    l->addWidget(risk_);
    l->addWidget(legend_);
    l->addWidget(split, 1);
    retranslateUi();
    clear();
}

void InspectionView::retranslateUi()
{
    legend_->setText(swatch(riskColor(RiskLevel::High)) + QLatin1Char(' ') + tr("unsupported number or name")
                     + QStringLiteral(" &nbsp; ") + swatch(riskColor(RiskLevel::Medium)) + QLatin1Char(' ')
                     + tr("likely unsupported") + QStringLiteral(" &nbsp; ") + swatch(riskColor(RiskLevel::Low))
                     + QLatin1Char(' ') + tr("weakly supported") + QStringLiteral(" &nbsp; ")
                     + swatch(matchColor()) + QLatin1Char(' ') + tr("found in the evidence") + QStringLiteral("<br>")
                     + tr("A wavy underline marks a claim judged risky overall. Click the answer to see why."));
    claimLabel_->setText(tr("Claim"));
    detectors_->setHorizontalHeaderLabels({tr("Detector"), tr("Score"), tr("Reason")});
    if (hasReport_) {
        const auto& r = outcome_.report;
        risk_->setText(tr("Answer risk %1 (%2)")
                           .arg(r.answerRisk, 0, 'f', 2)
                           .arg(r.combinerUsed ? tr("fitted combiner") : tr("unweighted mean of the detectors")));
        showDetails();
    } else {
        risk_->setText(tr("No inspection yet."));
    }
}

void InspectionView::changeEvent(QEvent* e)
{
    if (e->type() == QEvent::LanguageChange) retranslateUi();
    QWidget::changeEvent(e);
}

void InspectionView::clear()
{
    hasReport_ = false;
    outcome_ = {};
    segments_.clear();
    claim_ = span_ = -1;
    answer_->clear();
    claimView_->clear();
    evidence_->clear();
    spanLabel_->clear();
    evidenceLabel_->clear();
    detectors_->setRowCount(0);
    retranslateUi();
}

std::pair<int, int> InspectionView::claimRange(int claim) const
{
    if (claim < 0 || size_t(claim) >= outcome_.report.claims.size()) return {-1, -1};
    const auto& c = outcome_.report.claims[size_t(claim)].claim;
    return {utf16PosOfByte(outcome_.input.answer, c.begin), utf16PosOfByte(outcome_.input.answer, c.end)};
}

void InspectionView::showOutcome(const InspectionOutcome& outcome)
{
    outcome_ = outcome;
    hasReport_ = true;
    claim_ = span_ = -1;
    const std::string& answer = outcome_.input.answer;
    answer_->setPlainText(QString::fromUtf8(answer.data(), qsizetype(answer.size())));
    segments_ = riskSegments(answer, outcome_.report.spans);
    paintRiskSegments(answer_->document(), segments_);
    for (size_t i = 0; i < outcome_.report.claims.size(); ++i) {
        const RiskLevel level = riskLevel(outcome_.report.claims[i].combined);
        if (level < RiskLevel::Medium) continue;
        const auto [b, e] = claimRange(int(i));
        QTextCursor c(answer_->document());
        c.setPosition(b);
        c.setPosition(e, QTextCursor::KeepAnchor);
        QTextCharFormat f;
        f.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        f.setUnderlineColor(riskColor(level).darker(150));
        c.mergeCharFormat(f);
    }
    // Start with the riskiest claim.
    int worst = -1;
    for (size_t i = 0; i < outcome_.report.claims.size(); ++i)
        if (worst < 0 || outcome_.report.claims[i].combined > outcome_.report.claims[size_t(worst)].combined)
            worst = int(i);
    retranslateUi();
    claimView_->clear();
    evidence_->clear();
    detectors_->setRowCount(0);
    if (worst >= 0) selectClaim(worst);
}

bool InspectionView::selectAt(int pos)
{
    if (!hasReport_) return false;
    for (size_t i = 0; i < outcome_.report.claims.size(); ++i) {
        const auto [b, e] = claimRange(int(i));
        if (pos >= b && pos < e) {
            claim_ = int(i);
            const RiskSegment* s = segmentAt(segments_, pos);
            span_ = s ? s->span : -1;
            showDetails();
            Q_EMIT claimSelected(claim_, span_);
            return true;
        }
    }
    return false;
}

bool InspectionView::selectClaim(int claim)
{
    if (!hasReport_ || claim < 0 || size_t(claim) >= outcome_.report.claims.size()) return false;
    claim_ = claim;
    // Its riskiest span, if any.
    span_ = -1;
    const auto& c = outcome_.report.claims[size_t(claim)].claim;
    const auto& spans = outcome_.report.spans;
    for (size_t i = 0; i < spans.size(); ++i)
        if (spans[i].begin >= c.begin && spans[i].end <= c.end && spans[i].end > spans[i].begin
            && (span_ < 0 || spans[i].risk > spans[size_t(span_)].risk))
            span_ = int(i);
    showDetails();
    Q_EMIT claimSelected(claim_, span_);
    return true;
}

void InspectionView::showDetails()
{
    if (!hasReport_ || claim_ < 0) return;
    const inspect::ClaimReport& c = outcome_.report.claims[size_t(claim_)];
    const EvidenceForClaim ev = bestEvidence(outcome_.report, outcome_.input.evidence, size_t(claim_));

    claimView_->setPlainText(QString::fromStdString(c.claim.text));
    highlightByteRanges(claimView_->document(), c.claim.text, ev.alignment.inClaim, matchColor());
    if (span_ >= 0) {
        const inspect::SpanScore& s = outcome_.report.spans[size_t(span_)];
        // The span in claim coordinates, in its risk colour.
        const size_t b = std::clamp(s.begin, c.claim.begin, c.claim.end) - c.claim.begin;
        const size_t e = std::clamp(s.end, c.claim.begin, c.claim.end) - c.claim.begin;
        highlightByteRanges(claimView_->document(), c.claim.text, {{b, e}}, riskColor(riskLevel(s.risk)));
        spanLabel_->setText(tr("Selected: \"%1\" (risk %2, %3): %4")
                                .arg(QString::fromStdString(outcome_.input.answer.substr(s.begin, s.end - s.begin)))
                                .arg(s.risk, 0, 'f', 2)
                                .arg(s.detector == "model" ? tr("model") : tr("lexical"),
                                     SpanReason::text(s, outcome_.input.answer, outcome_.report)));
    } else {
        spanLabel_->setText(tr("No unsupported words in this claim; combined risk %1.").arg(c.combined, 0, 'f', 2));
    }

    if (ev.chunk < 0) {
        evidenceLabel_->setText(tr("No evidence was given."));
        evidence_->clear();
    } else {
        evidenceLabel_->setText((ev.bySemantic ? tr("Best evidence (embedding similarity), passage %1:")
                                               : tr("Best evidence (shared words), passage %1:"))
                                    .arg(ev.chunk + 1)
                                + QLatin1Char(' ')
                                + tr("%1 of %2 content words of the claim found")
                                      .arg(ev.alignment.sharedUnits)
                                      .arg(ev.alignment.claimUnits));
        evidence_->setPlainText(QString::fromStdString(ev.passage));
        highlightByteRanges(evidence_->document(), ev.passage, ev.alignment.inPassage, matchColor());
        // Scroll to the first match.
        if (!ev.alignment.inPassage.empty()) {
            QTextCursor cur(evidence_->document());
            cur.setPosition(utf16PosOfByte(ev.passage, ev.alignment.inPassage.front().first));
            evidence_->setTextCursor(cur);
            evidence_->ensureCursorVisible();
        }
    }
    fillDetectorTable(c);
}

QString InspectionView::reasonFor(const std::string& detector, const inspect::ClaimReport& c) const
{
    const auto& r = outcome_.report;
    // The lexical spans inside the claim, of the given kinds (all when none given).
    auto spanReasons = [&](std::initializer_list<std::string_view> kinds) {
        QStringList out;
        for (const inspect::SpanScore& s : r.spans)
            if (s.begin >= c.claim.begin && s.end <= c.claim.end && s.detector == "lexical"
                && (kinds.size() == 0 || std::find(kinds.begin(), kinds.end(), s.kind) != kinds.end())
                && out.size() < 4)
                out << SpanReason::text(s, outcome_.input.answer, r);
        return out.join(QStringLiteral("; "));
    };
    const double v = c.scores.count(detector) ? c.scores.at(detector) : 0.0;
    if (detector == inspect::kLexical) return spanReasons({});
    if (detector == inspect::kLexicalNumbers) return spanReasons({"number"});
    if (detector == inspect::kLexicalEntities) return spanReasons({"entity", "entity-apart", "quoted"});
    if (detector == inspect::kSemantic)
        return c.bestEvidence >= 0
                   ? tr("best similarity %1, with evidence passage %2").arg(1.0 - v, 0, 'f', 3).arg(c.bestEvidence + 1)
                   : tr("no evidence to compare with");
    if (detector == inspect::kModelPmi)
        return tr("mean log-probability gain from the evidence: %1").arg(-v, 0, 'f', 3);
    if (detector == inspect::kModelSurprisal)
        return tr("mean log-probability with the evidence: %1").arg(-v, 0, 'f', 3);
    if (detector == inspect::kConsistency)
        return tr("agreement with %1 sampled answers: %2").arg(r.samples.size()).arg(1.0 - v, 0, 'f', 3);
    return {};
}

void InspectionView::fillDetectorTable(const inspect::ClaimReport& c)
{
    auto displayName = [this](const std::string& d) -> QString {
        if (d == inspect::kLexical) return tr("Lexical: content words");
        if (d == inspect::kLexicalNumbers) return tr("Lexical: numbers");
        if (d == inspect::kLexicalEntities) return tr("Lexical: names");
        if (d == inspect::kSemantic) return tr("Semantic similarity");
        if (d == inspect::kModelPmi) return tr("Model: evidence gain");
        if (d == inspect::kModelSurprisal) return tr("Model: surprisal");
        if (d == inspect::kConsistency) return tr("Self-consistency");
        return QString::fromStdString(d);
    };
    detectors_->setRowCount(0);
    auto addRow = [this](const QString& name, double score, const QString& reason) {
        const int row = detectors_->rowCount();
        detectors_->insertRow(row);
        detectors_->setItem(row, DetectorNameColumn, new QTableWidgetItem(name));
        auto* s = new QTableWidgetItem(QString::number(score, 'f', 3));
        s->setData(Qt::UserRole, score);
        const QColor col = riskColor(riskLevel(score));
        if (col.isValid()) s->setBackground(col);
        detectors_->setItem(row, DetectorScoreColumn, s);
        auto* r = new QTableWidgetItem(reason);
        r->setToolTip(reason);
        detectors_->setItem(row, DetectorReasonColumn, r);
    };
    addRow(tr("Combined"), c.combined,
           outcome_.report.combinerUsed ? tr("fitted combiner") : tr("unweighted mean of the detectors"));
    for (const auto& [name, v] : c.scores) addRow(displayName(name), v, reasonFor(name, c));
    detectors_->resizeColumnsToContents();
}

bool InspectionView::eventFilter(QObject* watched, QEvent* e)
{
    if (watched == answer_->viewport() && e->type() == QEvent::MouseButtonRelease) {
        auto* me = static_cast<QMouseEvent*>(e);
        if (me->button() == Qt::LeftButton) {
            // The cursor lands on the nearest character boundary; the
            // character clicked is the one before it when the click was left of it.
            const QPoint pt = me->position().toPoint();
            const QTextCursor cur = answer_->cursorForPosition(pt);
            int pos = cur.position();
            if (pos > 0 && pt.x() < answer_->cursorRect(cur).left()) --pos;
            selectAt(pos);
        }
    }
    return QWidget::eventFilter(watched, e);
}

} // namespace wb
