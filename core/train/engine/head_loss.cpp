#include "core/train/engine/head_loss.h"

#include "core/data/record.h"
#include "core/train/training_data.h"

#include <torch/torch.h>

#include <algorithm>

namespace wb {
namespace {

class HeadLoss : public torch::autograd::Function<HeadLoss> {
public:
    static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& hidden, const at::Tensor& weight,
                              const at::Tensor& labels, int64_t chunkRows)
    {
        const int64_t N = hidden.size(0), C = hidden.size(1), V = weight.size(0);
        const at::Tensor rows = labels.ne(kIgnoreLabel).nonzero().view({-1});   // [n] labelled rows
        const at::Tensor h = hidden.index_select(0, rows);                        // [n, C]
        const at::Tensor y = labels.index_select(0, rows).view({-1, 1});          // [n, 1]
        const int64_t n = rows.size(0);
        const bool wantHidden = hidden.requires_grad(), wantWeight = weight.requires_grad();
        at::Tensor dh = wantHidden ? torch::empty({n, C}, torch::kFloat32) : at::Tensor();   // [n, C]
        at::Tensor dw;                                                                         // [V, C] fp32
        // Every chunk reads and writes all of dw ([V, C]), so chunks must be
        // tall for that traffic to stay small beside the chunk's matmuls (6 c V C
        // flops): at least 512 rows, and up to 64M logits (256 MB) each.
        if (chunkRows <= 0) chunkRows = std::max<int64_t>(512, (int64_t(64) << 20) / std::max<int64_t>(V, 1));
        double loss = 0;
        for (int64_t r0 = 0; r0 < n; r0 += chunkRows) {
            const int64_t r1 = std::min(n, r0 + chunkRows);
            const at::Tensor hc = h.slice(0, r0, r1);                                 // [c, C]
            const at::Tensor yc = y.slice(0, r0, r1);                                 // [c, 1]
            at::Tensor logits = torch::mm(hc, weight.t()).to(torch::kFloat32);      // [c, V]
            const at::Tensor lse = logits.logsumexp(1, true);                         // [c, 1]
            loss += (lse - logits.gather(1, yc)).sum().item<double>();
            if (!wantHidden && !wantWeight) continue;
            // d loss / d logits = softmax - one_hot(label), in place.
            at::Tensor g = logits.sub_(lse).exp_();
            g.scatter_add_(1, yc, torch::full({r1 - r0, 1}, -1.0f));
            const at::Tensor gm = g.to(hc.scalar_type());
            if (wantHidden) dh.slice(0, r0, r1).copy_(torch::mm(gm, weight));
            if (!wantWeight) continue;
            if (!dw.defined()) dw = torch::mm(gm.t(), hc).to(torch::kFloat32);
            else if (gm.scalar_type() == torch::kFloat32) dw.addmm_(gm.t(), hc);
            else dw.add_(torch::mm(gm.t(), hc).to(torch::kFloat32));
        }
        if (wantWeight && !dw.defined()) dw = torch::zeros({V, C}, torch::kFloat32);   // no labelled row
        if (wantHidden) {
            at::Tensor full = torch::zeros({N, C}, torch::kFloat32);
            ctx->saved_data["dh"] = full.index_copy_(0, rows, dh).to(hidden.scalar_type());
        }
        if (wantWeight) ctx->saved_data["dw"] = dw.to(weight.scalar_type());
        return torch::tensor(loss, torch::kFloat32);
    }

    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list gradOut)
    {
        const at::Tensor& scale = gradOut[0];   // a scalar
        at::Tensor dh, dw;
        if (ctx->saved_data.count("dh")) dh = ctx->saved_data["dh"].toTensor() * scale;
        if (ctx->saved_data.count("dw")) dw = ctx->saved_data["dw"].toTensor() * scale;
        return {dh, dw, at::Tensor(), at::Tensor()};
    }
};

} // namespace

at::Tensor headLossSum(const at::Tensor& hidden, const at::Tensor& weight, const at::Tensor& labels, int64_t chunkRows)
{
    if (hidden.dim() != 2 || weight.dim() != 2 || labels.dim() != 1 || hidden.size(1) != weight.size(1) ||
        hidden.size(0) != labels.size(0))
        throw Error("head loss: hidden [N, C], weight [V, C] and labels [N] do not fit together");
    const bool grad = torch::GradMode::is_enabled() && (hidden.requires_grad() || weight.requires_grad());
    if (!grad) {
        torch::NoGradGuard noGrad;
        return HeadLoss::forward(nullptr, hidden.detach(), weight.detach(), labels, chunkRows);
    }
    return HeadLoss::apply(hidden, weight, labels, chunkRows);
}

} // namespace wb
