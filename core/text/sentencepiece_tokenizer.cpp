#include "core/text/sentencepiece_tokenizer.h"

#include "core/data/record.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

#include <filesystem>

namespace wb {

struct SentencePieceTokenizer::Impl {
    sentencepiece::SentencePieceProcessor sp;
    std::string path;

    void check(const sentencepiece::util::Status& st, const char* what) const
    {
        if (!st.ok()) throw Error(path + ": " + what + ": " + st.ToString());
    }
};

SentencePieceTokenizer::SentencePieceTokenizer() : d_(std::make_unique<Impl>()) {}
SentencePieceTokenizer::~SentencePieceTokenizer() = default;

std::unique_ptr<SentencePieceTokenizer> SentencePieceTokenizer::load(const std::string& modelPath)
{
    std::error_code ec;
    if (!std::filesystem::is_regular_file(modelPath, ec))
        throw Error(modelPath + ": SentencePiece model file not found");
    std::unique_ptr<SentencePieceTokenizer> tok(new SentencePieceTokenizer);
    tok->d_->path = modelPath;
    const auto st = tok->d_->sp.Load(modelPath);
    if (!st.ok())
        throw Error(modelPath + ": not a valid SentencePiece model: " + st.ToString());
    if (tok->d_->sp.GetPieceSize() <= 0)
        throw Error(modelPath + ": SentencePiece model has an empty vocabulary");
    tok->name_ = "sentencepiece:" + std::filesystem::path(modelPath).filename().string();
    return tok;
}

std::vector<int> SentencePieceTokenizer::encode(std::string_view text) const
{
    std::vector<int> ids;
    d_->check(d_->sp.Encode(absl::string_view(text.data(), text.size()), &ids), "encode");
    return ids;
}

std::vector<std::string> SentencePieceTokenizer::pieces(std::string_view text) const
{
    std::vector<std::string> out;
    d_->check(d_->sp.Encode(absl::string_view(text.data(), text.size()), &out), "encode");
    return out;
}

std::string SentencePieceTokenizer::decode(const std::vector<int>& ids) const
{
    const int n = vocabSize();
    for (size_t i = 0; i < ids.size(); ++i)
        if (ids[i] < 0 || ids[i] >= n)
            throw Error(d_->path + ": token id " + std::to_string(ids[i]) + " at position "
                        + std::to_string(i) + " is outside the vocabulary (size "
                        + std::to_string(n) + ")");
    std::string text;
    d_->check(d_->sp.Decode(ids, &text), "decode");
    return text;
}

size_t SentencePieceTokenizer::countTokens(std::string_view text) const
{
    return encode(text).size();
}

int SentencePieceTokenizer::vocabSize() const { return d_->sp.GetPieceSize(); }
int SentencePieceTokenizer::bosId() const { return d_->sp.bos_id(); }
int SentencePieceTokenizer::eosId() const { return d_->sp.eos_id(); }
int SentencePieceTokenizer::unkId() const { return d_->sp.unk_id(); }

std::string SentencePieceTokenizer::pieceText(int id) const
{
    if (id < 0 || id >= vocabSize())
        throw Error(d_->path + ": token id " + std::to_string(id) + " is outside the vocabulary");
    return d_->sp.IdToPiece(id);
}

int SentencePieceTokenizer::pieceId(std::string_view piece) const
{
    return d_->sp.PieceToId(absl::string_view(piece.data(), piece.size()));
}

void trainSentencePieceModel(const std::string& flags)
{
    const auto st = sentencepiece::SentencePieceTrainer::Train(flags);
    if (!st.ok()) throw Error("SentencePiece training failed: " + st.ToString());
}

} // namespace wb
