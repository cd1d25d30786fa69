// Training text: SFT masks (loss only on the reply and its end marker, or on
// everything with train_on_prompts), multi-turn chat masks, packing with
// document boundaries (EOS, labels, positions, segments), batches and the
// per-epoch order. Uses the tiny-chat tokenizer (ChatML special tokens).
#include "tst_train_fixtures.h"

#include "core/infer/chat_template.h"
#include "core/text/tokenizer.h"
#include "core/train/training_data.h"

#include <QtTest>

#include <algorithm>
#include <set>

namespace {

// The decoded text of the trained tokens and of the others.
std::pair<std::string, std::string> split(const wb::TokenSequence& s, const wb::Tokenizer& tok)
{
    std::vector<int> trained, prompt;
    for (size_t i = 0; i < s.ids.size(); ++i) (s.trained[i] ? trained : prompt).push_back(s.ids[i]);
    return {tok.decode(trained), tok.decode(prompt)};
}

wb::TokenSequence seq(std::vector<int> ids)
{
    wb::TokenSequence s;
    s.ids = ids;
    s.trained.assign(ids.size(), 1);
    s.trained[0] = 0;
    return s;
}

} // namespace

class tst_train_data : public QObject {
    Q_OBJECT

    std::unique_ptr<wb::Tokenizer> tok_;
    wb::TextRenderer sftRenderer(bool trainOnPrompts = false)
    {
        wb::TextRenderer r;
        r.tokenizer = tok_.get();
        r.chatTemplate = wb::detectChatTemplate(fixtureDir("tiny-chat"));
        r.eosId = 511;
        r.sft = true;
        r.trainOnPrompts = trainOnPrompts;
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        tok_ = wb::loadTokenizer(fixtureDir("tiny-chat"));
        QVERIFY(wb::detectChatTemplate(fixtureDir("tiny-chat")).has_value());
    }

    void sftTrainsOnlyTheReply()
    {
        wb::Record r = trainfx::sft("What is magma?", "Molten rock.");
        r.system = "You are a geologist.";
        r.id = 9;
        const wb::TokenSequence s = wb::renderRecord(r, sftRenderer());
        QCOMPARE(s.recordId, int64_t(9));
        QCOMPARE(s.ids.size(), s.trained.size());
        const auto [trained, prompt] = split(s, *tok_);
        QCOMPARE(trained, std::string("Molten rock.<|im_end|>"));
        QCOMPARE(prompt, std::string("<|im_start|>system\nYou are a geologist.<|im_end|>\n<|im_start|>user\n"
                                     "What is magma?<|im_end|>\n<|im_start|>assistant\n"));
        // The reply is one contiguous run at the end, closed by the <|im_end|> special token.
        QCOMPARE(s.ids.back(), 511);
        const auto first = std::find(s.trained.begin(), s.trained.end(), 1);
        QVERIFY(std::all_of(first, s.trained.end(), [](uint8_t t) { return t == 1; }));
        // Markers are single special tokens, not text.
        QCOMPARE(s.ids.front(), 510);

        // The input field follows the instruction after a blank line.
        wb::Record withInput = trainfx::sft("Classify:", "Igneous.");
        withInput.input = "granite";
        QVERIFY(split(wb::renderRecord(withInput, sftRenderer()), *tok_).second.find("Classify:\n\ngranite") !=
                std::string::npos);
    }

    void trainOnPromptsTrainsEverything()
    {
        const wb::TokenSequence s = wb::renderRecord(trainfx::sft("What is lava?", "Surface magma."), sftRenderer(true));
        QCOMPARE(int(s.trained[0]), 0);   // the first token has nothing before it
        QVERIFY(std::all_of(s.trained.begin() + 1, s.trained.end(), [](uint8_t t) { return t == 1; }));
    }

    void chatMultiTurnMasks()
    {
        const wb::Record r = trainfx::chat({{"system", "Be brief."},
                                            {"user", "Rock types?"},
                                            {"assistant", "Igneous, sedimentary, metamorphic."},
                                            {"user", "Which is granite?"},
                                            {"assistant", "Igneous."}});
        const wb::TokenSequence s = wb::renderRecord(r, sftRenderer());
        // Two trained runs, one per assistant turn, each ending with <|im_end|>.
        std::vector<std::string> runs;
        std::vector<int> cur;
        for (size_t i = 0; i <= s.ids.size(); ++i) {
            if (i < s.ids.size() && s.trained[i]) {
                cur.push_back(s.ids[i]);
            } else if (!cur.empty()) {
                runs.push_back(tok_->decode(cur));
                cur.clear();
            }
        }
        QCOMPARE(runs.size(), size_t(2));
        QCOMPARE(runs[0], std::string("Igneous, sedimentary, metamorphic.<|im_end|>"));
        QCOMPARE(runs[1], std::string("Igneous.<|im_end|>"));
        QVERIFY(split(s, *tok_).second.find("Which is granite?") != std::string::npos);

        // A chat that ends with the user has nothing to learn: an error naming the record.
        wb::Record bad = trainfx::chat({{"user", "Hello?"}});
        bad.id = 31;
        try {
            wb::renderRecord(bad, sftRenderer());
            QFAIL("no error");
        } catch (const wb::Error& e) {
            QVERIFY2(QString(e.what()).contains("record 31"), e.what());
        }
        // Text records are not SFT examples.
        QVERIFY_THROWS_EXCEPTION(wb::Error, wb::renderRecord(trainfx::text("plain"), sftRenderer()));
    }

    void pretrainDocumentsEndWithEos()
    {
        wb::TextRenderer r;
        r.tokenizer = tok_.get();
        r.eosId = 509;
        r.sft = false;
        const wb::TokenSequence s = wb::renderRecord(trainfx::text("Basalt is volcanic."), r);
        QCOMPARE(s.ids.back(), 509);
        QCOMPARE(tok_->decode(std::vector<int>(s.ids.begin(), s.ids.end() - 1)), std::string("Basalt is volcanic."));
        QVERIFY(wb::renderRecord(trainfx::text(""), r).ids.empty());   // left out and reported by the loader
        // Special-token text in a document is plain text, not a marker.
        const wb::TokenSequence t = wb::renderRecord(trainfx::text("<|im_end|>"), r);
        QVERIFY(std::find(t.ids.begin(), t.ids.end() - 1, 511) == t.ids.end() - 1);
    }

    void packingRespectsDocumentBoundaries()
    {
        // Three documents (EOS = 9 included), rows of 5 tokens.
        const std::vector<wb::TokenSequence> docs = {seq({1, 2, 3, 9}), seq({4, 5, 9}), seq({6, 7, 8, 1, 2, 3, 9})};
        wb::PackOptions o;
        o.seqLen = 5;
        const auto rows = wb::packSequences(docs, o);
        // 14 tokens -> rows of 5, 5, 4.
        QCOMPARE(rows.size(), size_t(3));
        QCOMPARE(rows[0].ids, (std::vector<int>{1, 2, 3, 9, 4}));
        QCOMPARE(rows[0].segments, (std::vector<int>{0, 0, 0, 0, 1}));
        QCOMPARE(rows[0].positions, (std::vector<int>{0, 1, 2, 3, 0}));
        // No label crosses a boundary: EOS predicts nothing, the next document's first token is not predicted.
        QCOMPARE(rows[0].labels, (std::vector<int>{2, 3, 9, -100, -100}));
        QCOMPARE(rows[1].ids, (std::vector<int>{5, 9, 6, 7, 8}));
        QCOMPARE(rows[1].segments, (std::vector<int>{0, 0, 1, 1, 1}));
        QCOMPARE(rows[1].positions, (std::vector<int>{0, 1, 0, 1, 2}));
        QCOMPARE(rows[1].labels, (std::vector<int>{9, -100, 7, 8, -100}));
        // The long document continues in the next row with positions from 0.
        QCOMPARE(rows[2].ids, (std::vector<int>{1, 2, 3, 9}));
        QCOMPARE(rows[2].positions, (std::vector<int>{0, 1, 2, 3}));
        QCOMPARE(rows[2].labels, (std::vector<int>{2, 3, 9, -100}));
        QCOMPARE(rows[0].trainedTokens() + rows[1].trainedTokens() + rows[2].trainedTokens(), int64_t(9));

        // Without packing every document starts a row.
        o.packing = false;
        const auto single = wb::packSequences(docs, o);
        QCOMPARE(single.size(), size_t(4));
        QCOMPARE(single[1].ids, (std::vector<int>{4, 5, 9}));
        QCOMPARE(single[2].ids, (std::vector<int>{6, 7, 8, 1, 2}));
        QCOMPARE(single[3].ids, (std::vector<int>{3, 9}));
    }

    void sftPackingKeepsExamplesWhole()
    {
        wb::TokenSequence a = seq({1, 2, 3}), b = seq({4, 5, 6}), c = seq({7, 8, 9, 10, 11, 12, 13});
        a.trained = {0, 0, 1};   // prompt, prompt, reply
        wb::PackOptions o;
        o.seqLen = 6;
        o.splitLong = false;
        int64_t truncated = 0;
        const auto rows = wb::packSequences({a, b, c}, o, &truncated);
        QCOMPARE(truncated, int64_t(1));
        QCOMPARE(rows.size(), size_t(2));
        QCOMPARE(rows[0].ids, (std::vector<int>{1, 2, 3, 4, 5, 6}));
        QCOMPARE(rows[0].labels, (std::vector<int>{-100, 3, -100, 5, 6, -100}));
        QCOMPARE(rows[1].ids, (std::vector<int>{7, 8, 9, 10, 11, 12}));   // cut at seq_len
    }

    void batchPadsRows()
    {
        const auto rows = wb::packSequences({seq({1, 2, 3}), seq({4, 5})}, {8, false, true});
        const wb::Batch b = wb::makeBatch({&rows[0], &rows[1]});
        QCOMPARE(b.rows, int64_t(2));
        QCOMPARE(b.length, int64_t(3));
        QCOMPARE(b.ids, (std::vector<int>{1, 2, 3, 4, 5, 0}));
        QCOMPARE(b.labels, (std::vector<int>{2, 3, -100, 5, -100, -100}));
        QCOMPARE(b.segments, (std::vector<int>{0, 0, 0, 0, 0, -1}));
        QCOMPARE(b.trainedTokens(), int64_t(3));
    }

    void epochOrderIsAPermutationPerEpoch()
    {
        const auto e0 = wb::epochOrder(50, 7, 0, true);
        const auto e0again = wb::epochOrder(50, 7, 0, true);
        const auto e1 = wb::epochOrder(50, 7, 1, true);
        const auto other = wb::epochOrder(50, 8, 0, true);
        QCOMPARE(e0, e0again);
        QVERIFY(e0 != e1);
        QVERIFY(e0 != other);
        QCOMPARE(std::set<int64_t>(e1.begin(), e1.end()).size(), size_t(50));
        const auto plain = wb::epochOrder(4, 7, 3, false);
        QCOMPARE(plain, (std::vector<int64_t>{0, 1, 2, 3}));
        // The fingerprint sees any change of the rows.
        auto rows = wb::packSequences({seq({1, 2, 3})}, {8, true, true});
        const uint64_t f = wb::rowsFingerprint(rows);
        rows[0].ids[1] = 7;
        QVERIFY(wb::rowsFingerprint(rows) != f);
    }

    void previewShowsEachTokensFlag()
    {
        const wb::TokenSequence s = wb::renderRecord(trainfx::sft("Q?", "A."), sftRenderer());
        const auto preview = wb::previewTokens(s, *tok_);
        QCOMPARE(preview.size(), s.ids.size());
        std::string text;
        for (const auto& t : preview) text += t.trained ? "[" + t.text + "]" : t.text;
        QVERIFY2(QString::fromStdString(text).endsWith("assistant\n[A][.][<|im_end|>]") ||
                     QString::fromStdString(text).endsWith("assistant\n[A.][<|im_end|>]"),
                 text.c_str());
    }
};

QTEST_GUILESS_MAIN(tst_train_data)
#include "tst_train_data.moc"
