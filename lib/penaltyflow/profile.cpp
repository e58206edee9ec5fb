// Profiles: national defaults and the JSON loader (format: docs/workflow.md, "Profiles").
#include <penaltyflow/profile.hpp>

#include <penaltyflow/input_file.hpp>

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
    rd.require_object(*h, "$.hearing", {"amount_natural_fen", "amount_organisation_fen"});
    if (auto v = rd.integer(*h, "$.hearing", "amount_natural_fen")) p.hearing_amount_natural_fen = *v;
    if (auto v = rd.integer(*h, "$.hearing", "amount_organisation_fen")) p.hearing_amount_organisation_fen = *v;
    if (p.hearing_amount_natural_fen <= 0 || p.hearing_amount_organisation_fen <= 0) {
      rd.fail_at("$.hearing", "amounts must be positive");
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
      if (*v < 1 || *v > 50) rd.fail_at("$.collective_discussion.min_heads", "expected 1 to 50");
      p.collective_discussion_min_heads = static_cast<int>(*v);
    }
  }
  if (const auto* l = rd.object(j, "$", "legal_review")) {
    rd.require_object(*l, "$.legal_review", {"accept_lawyer_qualification", "amount_fen"});
    if (auto v = rd.boolean(*l, "$.legal_review", "accept_lawyer_qualification")) {
      p.legal_reviewer_accepts_lawyer_qualification = *v;
    }
    if (auto v = rd.integer(*l, "$.legal_review", "amount_fen")) {
      if (*v <= 0) rd.fail_at("$.legal_review.amount_fen", "must be positive");
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
