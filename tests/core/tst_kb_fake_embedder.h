#pragma once
// A small deterministic Embedder for the knowledge-base tests: hashed
// character unigrams and bigrams (code points, ASCII lower-cased) into `dim`
// buckets, L2-normalised. Texts sharing characters get similar vectors.
#include "core/retrieval/embedder.h"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace wb::test {

class FakeEmbedder : public Embedder {
public:
    explicit FakeEmbedder(std::string key = "fake:ngrams:v1", int dim = 64) : key_(std::move(key)), dim_(dim) {}

    std::string key() const override { return key_; }
    std::string displayName() const override { return "fake n-grams"; }
    int dim() const override { return dim_; }

    int calls = 0;       // embed() calls
    int64_t texts = 0;   // texts embedded so far

    std::vector<float> embed(const std::vector<std::string>& in, const EmbedProgress& progress = {},
                             const std::atomic<bool>* cancel = nullptr) override
    {
        ++calls;
        std::vector<float> out;
        for (size_t i = 0; i < in.size(); ++i) {
            if (cancel && cancel->load())
                break;
            std::vector<float> v(size_t(dim_), 0.0f);
            std::vector<uint32_t> cps = codePoints(in[i]);
            for (size_t j = 0; j < cps.size(); ++j) {
                v[bucket(cps[j], 0)] += 1.0f;
                if (j + 1 < cps.size())
                    v[bucket(cps[j], cps[j + 1])] += 1.0f;
            }
            double norm = 0;
            for (float x : v)
                norm += double(x) * x;
            if (norm == 0) {
                v[0] = 1.0f;
                norm = 1;
            }
            for (float& x : v)
                x = float(x / std::sqrt(norm));
            out.insert(out.end(), v.begin(), v.end());
            ++texts;
            if (progress)
                progress(int64_t(i + 1), int64_t(in.size()));
        }
        return out;
    }

private:
    std::string key_;
    int dim_;

    size_t bucket(uint32_t a, uint32_t b) const
    {
        uint64_t h = 1469598103934665603ull;
        for (uint32_t x : {a, b}) {
            h ^= x;
            h *= 1099511628211ull;
        }
        return size_t(h % uint64_t(dim_));
    }

    static std::vector<uint32_t> codePoints(const std::string& s)
    {
        std::vector<uint32_t> cps;
        for (size_t p = 0; p < s.size();) {
            const auto c = static_cast<unsigned char>(s[p]);
            const size_t len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            uint32_t cp = len == 1 ? c : c & (0x7F >> len);
            for (size_t i = 1; i < len && p + i < s.size(); ++i)
                cp = (cp << 6) | (static_cast<unsigned char>(s[p + i]) & 0x3F);
            if (cp >= 'A' && cp <= 'Z')
                cp += 32;
            if (cp != ' ' && cp != '\n' && cp != '\t')
                cps.push_back(cp);
            p += len;
        }
        return cps;
    }
};

} // namespace wb::test
