#include "core/text/sentencepiece_tokenizer.h"

#include "core/data/record.h"

#include "core/text/spm_api.h"

#include <dlfcn.h>

#include <cstdlib>
#include <filesystem>

namespace wb {

namespace {

// Finds libwb_spm.so: $WB_SPM_MODULE, beside the executable, ../lib, or the
// build tree it was built in.
std::string spmModulePath()
{
    namespace fs = std::filesystem;
    if (const char* env = std::getenv("WB_SPM_MODULE"); env && *env) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    std::vector<fs::path> candidates;
    if (!ec) candidates = {exe.parent_path() / "libwb_spm.so", exe.parent_path() / ".." / "lib" / "libwb_spm.so"};
    candidates.emplace_back(WB_SPM_MODULE_PATH);
    for (const fs::path& p : candidates)
        if (fs::exists(p, ec)) return p.string();
    return WB_SPM_MODULE_PATH;
}

// Loaded once per process and never unloaded (processors point into it).
const SpmApi& spmApi()
{
    static const SpmApi* api = [] {
        const std::string path = spmModulePath();
        void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
        if (!handle) throw Error(path + ": cannot load the SentencePiece module: " + dlerror());
        using Entry = const SpmApi* (*)();
        auto entry = reinterpret_cast<Entry>(dlsym(handle, "wb_spm_api"));
        const SpmApi* a = entry ? entry() : nullptr;
        if (!a || a->version != SpmApi::kVersion) throw Error(path + ": not a matching SentencePiece module");
        return a;
    }();
    return *api;
}

} // namespace

struct SentencePieceTokenizer::Impl {
    const SpmApi* api = nullptr;
    void* sp = nullptr;
    std::string path;
    ~Impl()
    {
        if (sp) api->destroy(sp);
    }
    void check(bool ok, const std::string& err, const char* what) const
    {
        if (!ok) throw Error(path + ": " + what + ": " + err);
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
    tok->d_->api = &spmApi();
    std::string err;
    tok->d_->sp = tok->d_->api->load(modelPath, err);
    if (!tok->d_->sp)
        throw Error(modelPath + ": not a valid SentencePiece model: " + err);
    if (tok->d_->api->pieceSize(tok->d_->sp) <= 0)
        throw Error(modelPath + ": SentencePiece model has an empty vocabulary");
    tok->name_ = "sentencepiece:" + std::filesystem::path(modelPath).filename().string();
    return tok;
}

std::vector<int> SentencePieceTokenizer::encode(std::string_view text) const
{
    std::vector<int> ids;
    std::string err;
    d_->check(d_->api->encodeIds(d_->sp, text, ids, err), err, "encode");
    return ids;
}

std::vector<std::string> SentencePieceTokenizer::pieces(std::string_view text) const
{
    std::vector<std::string> out;
    std::string err;
    d_->check(d_->api->encodePieces(d_->sp, text, out, err), err, "encode");
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
    std::string text, err;
    d_->check(d_->api->decode(d_->sp, ids, text, err), err, "decode");
    return text;
}

size_t SentencePieceTokenizer::countTokens(std::string_view text) const
{
    return encode(text).size();
}

int SentencePieceTokenizer::vocabSize() const { return d_->api->pieceSize(d_->sp); }
int SentencePieceTokenizer::bosId() const { return d_->api->bosId(d_->sp); }
int SentencePieceTokenizer::eosId() const { return d_->api->eosId(d_->sp); }
int SentencePieceTokenizer::unkId() const { return d_->api->unkId(d_->sp); }

std::string SentencePieceTokenizer::pieceText(int id) const
{
    if (id < 0 || id >= vocabSize())
        throw Error(d_->path + ": token id " + std::to_string(id) + " is outside the vocabulary");
    return d_->api->idToPiece(d_->sp, id);
}

int SentencePieceTokenizer::pieceId(std::string_view piece) const
{
    return d_->api->pieceToId(d_->sp, piece);
}

void trainSentencePieceModel(const std::string& flags)
{
    std::string err;
    if (!spmApi().train(flags, err)) throw Error("SentencePiece training failed: " + err);
}

} // namespace wb
