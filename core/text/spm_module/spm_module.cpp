// libwb_spm.so: libsentencepiece behind the SpmApi table (see core/text/spm_api.h
// for why it is a separately loaded module).
#include "core/text/spm_api.h"

#include <sentencepiece_processor.h>
#include <sentencepiece_trainer.h>

namespace {

using Processor = sentencepiece::SentencePieceProcessor;

Processor* sp(void* p) { return static_cast<Processor*>(p); }

absl::string_view view(std::string_view s) { return absl::string_view(s.data(), s.size()); }

bool ok(const sentencepiece::util::Status& st, std::string& err)
{
    if (st.ok()) return true;
    err = st.ToString();
    return false;
}

const wb::SpmApi kApi = {
    wb::SpmApi::kVersion,
    [](const std::string& path, std::string& err) -> void* {
        auto* p = new Processor;
        if (!ok(p->Load(path), err)) {
            delete p;
            return nullptr;
        }
        return p;
    },
    [](void* p) { delete sp(p); },
    [](void* p, std::string_view text, std::vector<int>& out, std::string& err) {
        return ok(sp(p)->Encode(view(text), &out), err);
    },
    [](void* p, std::string_view text, std::vector<std::string>& out, std::string& err) {
        return ok(sp(p)->Encode(view(text), &out), err);
    },
    [](void* p, const std::vector<int>& ids, std::string& out, std::string& err) {
        return ok(sp(p)->Decode(ids, &out), err);
    },
    [](void* p) { return sp(p)->GetPieceSize(); },
    [](void* p) { return sp(p)->bos_id(); },
    [](void* p) { return sp(p)->eos_id(); },
    [](void* p) { return sp(p)->unk_id(); },
    [](void* p, int id) { return sp(p)->IdToPiece(id); },
    [](void* p, std::string_view piece) { return sp(p)->PieceToId(view(piece)); },
    [](const std::string& flags, std::string& err) { return ok(sentencepiece::SentencePieceTrainer::Train(flags), err); },
};

} // namespace

extern "C" __attribute__((visibility("default"))) const wb::SpmApi* wb_spm_api()
{
    return &kApi;
}
