#pragma once
// The function table of the SentencePiece module (libwb_spm.so). Debian's
// libsentencepiece exports its own copy of protobuf, which clashes with the
// libprotobuf that LibTorch loads (a crash in protobuf's static initialisers
// when both are linked into one process). So libsentencepiece is only ever
// loaded through this module, with dlopen(RTLD_LOCAL | RTLD_DEEPBIND): it
// binds to its own protobuf, and the rest of the process never sees it.
#include <string>
#include <string_view>
#include <vector>

namespace wb {

struct SpmApi {
    static constexpr int kVersion = 1;
    int version = kVersion;
    // Each returns false with `err` set on failure.
    void* (*load)(const std::string& path, std::string& err);
    void (*destroy)(void* processor);
    bool (*encodeIds)(void* processor, std::string_view text, std::vector<int>& out, std::string& err);
    bool (*encodePieces)(void* processor, std::string_view text, std::vector<std::string>& out, std::string& err);
    bool (*decode)(void* processor, const std::vector<int>& ids, std::string& out, std::string& err);
    int (*pieceSize)(void* processor);
    int (*bosId)(void* processor);
    int (*eosId)(void* processor);
    int (*unkId)(void* processor);
    std::string (*idToPiece)(void* processor, int id);
    int (*pieceToId)(void* processor, std::string_view piece);
    bool (*train)(const std::string& flags, std::string& err);
};

} // namespace wb
