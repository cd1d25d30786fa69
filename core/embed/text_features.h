#pragma once
// Hashed n-gram features for the embedder trained in the app
// (trained_embedder.h). A text becomes tokens: every CJK / kana / hangul
// character is one token, a run of other letters and digits (Latin, Greek,
// Cyrillic, ...) is one word (ASCII lowercased, full-width ASCII folded);
// spaces separate words, punctuation and symbols separate phrases. The
// features are the tokens (unigrams) and adjacent token pairs within a phrase
// (bigrams), each hashed (FNV-1a 64) into one of `buckets` rows. So Chinese
// gets character unigrams + bigrams and English gets words + word bigrams,
// with no vocabulary to build. Qt-free and LibTorch-free.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wb::embed {

struct FeatureOptions {
    int64_t buckets = 1 << 17;
    bool unigrams = true;
    bool bigrams = true;
    // Texts are cut after this many tokens (a chunk is rarely longer; this
    // bounds the work for a whole book pasted as one text).
    int maxTokens = 4096;
};

// The tokens described above, in order; a token that starts a new phrase
// (after punctuation) is marked so no bigram crosses the boundary.
struct FeatureToken {
    std::string text;
    bool phraseStart = false;
};
std::vector<FeatureToken> featureTokens(std::string_view text, int maxTokens = 4096);

// Bucket ids of the text's features, repeats kept (term frequency). Empty for
// a text with no letters or digits. Invalid UTF-8 bytes count as punctuation.
std::vector<int64_t> hashedFeatures(std::string_view text, const FeatureOptions& options);

uint64_t fnv1a64(std::string_view bytes, uint64_t seed = 14695981039346656037ull);

} // namespace wb::embed
