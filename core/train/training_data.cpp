#include "core/train/training_data.h"

#include "core/model/init.h"

#include <algorithm>

namespace wb {
namespace {

std::string recordName(const Record& r)
{
    return "record " + std::to_string(r.id);
}

void appendSegment(PackedRow& row, const TokenSequence& seq, size_t from, size_t count, int segment)
{
    for (size_t i = 0; i < count; ++i) {
        const size_t at = from + i;
        row.ids.push_back(seq.ids[at]);
        // The label at a position is the next token of the same segment, when that one is trained.
        const bool hasNext = i + 1 < count && seq.trained[at + 1];
        row.labels.push_back(hasNext ? seq.ids[at + 1] : kIgnoreLabel);
        row.positions.push_back(int(i));
        row.segments.push_back(segment);
    }
}

uint64_t fnv(uint64_t h, int64_t v)
{
    for (int b = 0; b < 8; ++b) {
        h ^= uint64_t(v >> (8 * b)) & 0xff;
        h *= 1099511628211ull;
    }
    return h;
}

} // namespace

std::vector<ChatMessage> recordConversation(const Record& r)
{
    std::vector<ChatMessage> c;
    switch (r.kind) {
    case DatasetKind::Sft: {
        if (!r.system.empty()) c.push_back({"system", r.system});
        std::string user = r.instruction;
        if (!r.input.empty()) user += (user.empty() ? "" : "\n\n") + r.input;
        c.push_back({"user", user});
        c.push_back({"assistant", r.output});
        break;
    }
    case DatasetKind::Chat:
        if (!r.system.empty() && (r.messages.empty() || r.messages.front().role != "system"))
            c.push_back({"system", r.system});
        for (const Message& m : r.messages) c.push_back({m.role, m.content});
        break;
    case DatasetKind::Preference:
        // SFT on the chosen reply.
        if (!r.system.empty()) c.push_back({"system", r.system});
        for (const Message& m : r.messages) c.push_back({m.role, m.content});
        c.push_back({"user", r.prompt});
        c.push_back({"assistant", r.chosen});
        break;
    case DatasetKind::Text:
        throw Error(recordName(r) + " is a text record: train text with method \"pretrain\"");
    }
    if (c.empty() || c.back().role != "assistant")
        throw Error(recordName(r) + ": the conversation does not end with an assistant message");
    return c;
}

TokenSequence renderRecord(const Record& r, const TextRenderer& renderer)
{
    if (!renderer.tokenizer) throw Error("renderRecord: no tokenizer");
    const Tokenizer& tok = *renderer.tokenizer;
    TokenSequence seq;
    seq.recordId = r.id;
    auto add = [&](const std::vector<int>& ids, bool trained) {
        seq.ids.insert(seq.ids.end(), ids.begin(), ids.end());
        seq.trained.insert(seq.trained.end(), ids.size(), uint8_t(trained));
    };

    if (renderer.sft) {
        if (!renderer.chatTemplate) throw Error("SFT needs a chat template");
        std::vector<std::pair<std::string, bool>> segments;
        try {
            segments = renderer.chatTemplate->renderTraining(recordConversation(r));
        } catch (const Error& e) {
            const std::string what = e.what();
            throw Error(what.starts_with("record ") ? what : recordName(r) + ": " + what);
        }
        bool anyReply = false;
        for (const auto& [text, trained] : segments) {
            // Each segment on its own, so no token straddles a prompt/reply border.
            add(tok.encode(text, true), trained || renderer.trainOnPrompts);
            anyReply = anyReply || (trained && !text.empty());
        }
        // Templates without an end marker (plain, alpaca without a model eos)
        // would never teach the model to stop: end the reply with EOS.
        if (renderer.chatTemplate->eos.empty() && renderer.eosId >= 0 && anyReply) add({renderer.eosId}, true);
        if (!seq.trained.empty()) seq.trained[0] = 0;   // nothing comes before it to predict it from
        return seq;
    }

    std::string text;
    bool special = false;
    if (r.kind == DatasetKind::Text) {
        text = r.text;
    } else if (renderer.chatTemplate) {
        for (const auto& [piece, trained] : renderer.chatTemplate->renderTraining(recordConversation(r))) text += piece;
        special = true;
    } else {
        text = recordText(r);
    }
    if (text.empty()) return seq;   // nothing to learn from; the caller reports it
    add(tok.encode(text, special), true);
    if (renderer.eosId >= 0) add({renderer.eosId}, true);
    seq.trained[0] = 0;   // nothing comes before it to predict it from
    return seq;
}

int64_t PackedRow::trainedTokens() const
{
    return std::count_if(labels.begin(), labels.end(), [](int l) { return l != kIgnoreLabel; });
}

std::vector<PackedRow> packSequences(const std::vector<TokenSequence>& seqs, const PackOptions& o, int64_t* truncated)
{
    if (o.seqLen < 2) throw Error("packSequences: seq_len must be at least 2");
    std::vector<PackedRow> rows;
    PackedRow cur;
    int segment = 0;
    auto flush = [&] {
        if (!cur.ids.empty()) rows.push_back(std::move(cur));
        cur = PackedRow();
        segment = 0;
    };
    const size_t T = size_t(o.seqLen);
    int64_t cut = 0;
    for (const TokenSequence& seq : seqs) {
        if (seq.ids.size() != seq.trained.size()) throw Error("packSequences: ids and flags differ in length");
        if (seq.ids.empty()) continue;
        if (!o.packing) flush();
        if (o.splitLong) {
            for (size_t offset = 0; offset < seq.ids.size();) {
                if (cur.ids.size() == T) flush();
                const size_t take = std::min(T - cur.ids.size(), seq.ids.size() - offset);
                appendSegment(cur, seq, offset, take, segment++);
                offset += take;
                if (!o.packing && offset < seq.ids.size()) flush();
            }
        } else {
            const size_t n = std::min(seq.ids.size(), T);
            if (n < seq.ids.size()) ++cut;
            if (cur.ids.size() + n > T) flush();
            appendSegment(cur, seq, 0, n, segment++);
        }
    }
    flush();
    if (truncated) *truncated = cut;
    return rows;
}

int64_t Batch::trainedTokens() const
{
    return std::count_if(labels.begin(), labels.end(), [](int l) { return l != kIgnoreLabel; });
}

Batch makeBatch(const std::vector<const PackedRow*>& rows)
{
    Batch b;
    b.rows = int64_t(rows.size());
    for (const PackedRow* r : rows) b.length = std::max(b.length, int64_t(r->ids.size()));
    const size_t n = size_t(b.rows * b.length);
    b.ids.assign(n, 0);
    b.labels.assign(n, kIgnoreLabel);
    b.positions.assign(n, 0);
    b.segments.assign(n, -1);
    for (size_t i = 0; i < rows.size(); ++i) {
        const PackedRow& r = *rows[i];
        const size_t at = i * size_t(b.length);
        std::copy(r.ids.begin(), r.ids.end(), b.ids.begin() + ptrdiff_t(at));
        std::copy(r.labels.begin(), r.labels.end(), b.labels.begin() + ptrdiff_t(at));
        std::copy(r.positions.begin(), r.positions.end(), b.positions.begin() + ptrdiff_t(at));
        std::copy(r.segments.begin(), r.segments.end(), b.segments.begin() + ptrdiff_t(at));
    }
    return b;
}

std::vector<int64_t> epochOrder(int64_t rows, uint64_t seed, int64_t epoch, bool shuffle)
{
    std::vector<int64_t> order(size_t(std::max<int64_t>(rows, 0)));
    for (size_t i = 0; i < order.size(); ++i) order[i] = int64_t(i);
    if (!shuffle) return order;
    SplitMix64 rng(seed * 0x9E3779B97F4A7C15ull + uint64_t(epoch) * 0xD1B54A32D192ED03ull + 1);
    for (size_t i = order.size(); i > 1; --i) std::swap(order[i - 1], order[rng.next() % i]);   // Fisher-Yates
    return order;
}

uint64_t rowsFingerprint(const std::vector<PackedRow>& rows)
{
    uint64_t h = 14695981039346656037ull;
    for (const PackedRow& r : rows) {
        h = fnv(h, int64_t(r.ids.size()));
        for (size_t i = 0; i < r.ids.size(); ++i) {
            h = fnv(h, r.ids[i]);
            h = fnv(h, r.labels[i]);
            h = fnv(h, r.segments[i]);
        }
    }
    return h;
}

std::vector<PreviewToken> previewTokens(const TokenSequence& seq, const Tokenizer& tokenizer)
{
    std::vector<PreviewToken> out;
    out.reserve(seq.ids.size());
    for (size_t i = 0; i < seq.ids.size(); ++i) out.push_back({seq.ids[i], tokenizer.decode({seq.ids[i]}), seq.trained[i] != 0});
    return out;
}

} // namespace wb
