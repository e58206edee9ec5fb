// Profiles: national defaults and the JSON loader (format: docs/workflow.md, "Profiles").
#include <penaltyflow/profile.hpp>
#include <penaltyflow/rules.hpp>

#include <penaltyflow/input_file.hpp>
#include <penaltyflow/money.hpp>

#include "penaltyflow/detail/json_reader.hpp"

namespace penaltyflow {

const profile& profile::national() {
  static const profile p;
  return p;
}

period_catalogue profile::catalogue() const {
  period_catalogue c = period_catalogue::national();
  for (const auto& o : periods) c = c.with_override(o.period_id, o.amount, o.unit);
  return c;
}

profile profile::parse(std::string_view text, std::string_view source) {
  const detail::json_reader rd(error_code::profile_format, std::string(source));
  const auto j = rd.parse(text);
  rd.require_object(j, "$", {"format", "id", "name", "notes", "hearing", "publication_period",
                             "collective_discussion", "legal_review", "periods"});
  const auto format = rd.required(rd.string(j, "$", "format"), "$", "format");
  if (format != "penaltyflow-profile/1") rd.fail_at("$.format", "unsupported format '" + format + "'");
  profile p;
  p.id = rd.required(rd.string(j, "$", "id"), "$", "id");
  if (auto v = rd.string(j, "$", "name")) p.name = *v;
  if (const auto* notes = rd.object(j, "$", "notes")) {
    for (auto it = notes->begin(); it != notes->end(); ++it) {
      if (!it->is_string()) rd.fail_at("$.notes." + it.key(), "expected a string");
    }
  }
  if (const auto* h = rd.object(j, "$", "hearing")) {
    rd.require_object(*h, "$.hearing", {"amount_natural_fen", "amount_organisation_fen", "basis"});
    if (auto v = rd.integer(*h, "$.hearing", "amount_natural_fen")) p.hearing_amount_natural_fen = *v;
    if (auto v = rd.integer(*h, "$.hearing", "amount_organisation_fen")) p.hearing_amount_organisation_fen = *v;
    if (auto v = rd.string(*h, "$.hearing", "basis")) p.hearing_amount_basis = *v;
    if (p.hearing_amount_natural_fen <= 0 || p.hearing_amount_organisation_fen <= 0 ||
        p.hearing_amount_natural_fen > max_amount_fen || p.hearing_amount_organisation_fen > max_amount_fen) {
      rd.fail_at("$.hearing", "amounts must be from 1 to 10^15 fen (max_amount_fen)");
    }
    // R-HEARING-SCOPE 处罚法 第六十三条: an amount above the national one narrows the hearing right. 听证办法
    // 第五条 lets a province set other amounts, so a higher amount must name the provincial instrument.
    const auto& n = national();
    if ((p.hearing_amount_natural_fen > n.hearing_amount_natural_fen ||
         p.hearing_amount_organisation_fen > n.hearing_amount_organisation_fen) &&
        p.hearing_amount_basis.empty()) {
      rd.fail_at("$.hearing", "refused: amounts above the national ones (" + rules::format_fen(n.hearing_amount_natural_fen) +
                                  " / " + rules::format_fen(n.hearing_amount_organisation_fen) +
                                  " yuan) narrow the hearing right of R-HEARING-SCOPE (处罚法 第六十三条; 听证办法 "
                                  "第五条); name the provincial instrument that sets them in \"basis\" / "
                                  "高于全国听证数额标准须在 basis 中载明设定该标准的地方性法规或者地方政府规章");
    }
  }
  if (auto v = rd.string(j, "$", "publication_period")) {
    if (*v != "publication-gsxt" && *v != "publication-policy") {
      rd.fail_at("$.publication_period", "expected \"publication-gsxt\" or \"publication-policy\", found '" + *v + "'");
    }
    p.publication_period = *v;
  }
  if (const auto* c = rd.object(j, "$", "collective_discussion")) {
    rd.require_object(*c, "$.collective_discussion", {"min_heads"});
    if (auto v = rd.integer(*c, "$.collective_discussion", "min_heads")) {
      // R-COLLECTIVE-DISCUSSION 处罚法 第五十七条第二款 [V]: one head alone is not a collective discussion.
      if (*v < 2 || *v > 50) {
        rd.fail_at("$.collective_discussion.min_heads",
                   "expected 2 to 50: fewer than 2 heads is no 集体讨论 (R-COLLECTIVE-DISCUSSION, 处罚法 第五十七条第二款) / "
                   "负责人集体讨论至少须两名负责人");
      }
      p.collective_discussion_min_heads = static_cast<int>(*v);
    }
  }
  if (const auto* l = rd.object(j, "$", "legal_review")) {
    rd.require_object(*l, "$.legal_review", {"accept_lawyer_qualification", "amount_fen"});
    // R-ACTOR-LEGAL-REVIEWER-QUALIFICATION 处罚法 第五十八条第二款 [V]: a first-time legal reviewer holds the
    // 法律职业资格; a local rule cannot accept less. The value is kept in the format only to refuse it clearly.
    if (auto v = rd.boolean(*l, "$.legal_review", "accept_lawyer_qualification"); v && *v) {
      rd.fail_at("$.legal_review.accept_lawyer_qualification",
                 "refused: accepting 律师资格 would let a first-time legal reviewer without the 法律职业资格 pass, "
                 "loosening R-ACTOR-LEGAL-REVIEWER-QUALIFICATION (处罚法 第五十八条第二款) / "
                 "初次从事法制审核的人员应当取得法律职业资格，配置不得放宽");
    }
    if (auto v = rd.integer(*l, "$.legal_review", "amount_fen")) {
      if (*v <= 0 || *v > max_amount_fen) rd.fail_at("$.legal_review.amount_fen", "must be from 1 to 10^15 fen (max_amount_fen)");
      p.legal_review_amount_fen = *v;
    }
  }
  if (const auto* arr = rd.array(j, "$", "periods")) {
    for (std::size_t i = 0; i < arr->size(); ++i) {
      const std::string path = "$.periods[" + std::to_string(i) + "]";
      const auto& o = (*arr)[i];
      rd.require_object(o, path, {"id", "amount", "unit"});
      period_override po;
      po.period_id = rd.required(rd.string(o, path, "id"), path, "id");
      po.amount = static_cast<int>(rd.required(rd.integer(o, path, "amount"), path, "amount"));
      const auto unit = rd.required(rd.string(o, path, "unit"), path, "unit");
      try {
        po.unit = parse_period_unit(unit);
      } catch (const error&) {
        rd.fail_at(path + ".unit", "unknown unit '" + unit + "'");
      }
      p.periods.push_back(po);
    }
  }
  try {
    (void)p.catalogue();  // rejects overrides of verified or unknown periods now, not at first use
  } catch (const error& e) {
    rd.fail_at("$.periods", e.message());
  }
  return p;
}

profile profile::load(const std::string& path) {
  return parse(read_input_file(path, "profile"), path);
}

}  // namespace penaltyflow
