// penaltyflow — profiles: what provinces and cities set.
//
// The national law leaves some values to local rules, and the rules reference could verify others only in
// part ([V-partial]) or not at all ([M]). Those values live here, with national defaults, and are loaded from
// JSON files (data/profiles/national.json, data/profiles/liaoning.json; format in docs/workflow.md).
// Verified ([V]) values are never profile values: a profile that tries to change one is rejected. Profiles
// tighten, never loosen: a value that would make a [V] rule let through what it refuses is refused at load,
// naming the field and the rule, unless it names the instrument that allows it (hearing amounts).
#pragma once

#include <penaltyflow/period.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace penaltyflow {

/// A period amount or unit set by the profile (only periods the catalogue marks `configurable`).
struct period_override {
  std::string period_id;
  int amount = 0;
  period_unit unit = period_unit::natural_days;
};

/// The values a jurisdiction sets. Defaults are the national ones.
struct profile {
  std::string id = "national";
  std::string name = "全国 (national defaults)";

  /// R-HEARING-SCOPE [V-partial/M]: 听证办法 第五条 (2018 text read; 2021 text not found): a fine or a
  /// confiscation at or above these amounts (以上 includes the amount, 程序规定 第八十四条) gives a hearing
  /// right. Default 10,000 yuan for a natural person, 100,000 yuan for an organisation.
  std::int64_t hearing_amount_natural_fen = 1'000'000;
  std::int64_t hearing_amount_organisation_fen = 10'000'000;
  /// The provincial instrument that sets amounts above the national ones (听证办法 第五条 allows it); required
  /// for such amounts, which narrow the hearing right of 处罚法 第六十三条.
  std::string hearing_amount_basis;

  /// R-PUBLISH-POLICY-118 [V-partial] vs R-PUBLISH-GSXT [V]: the period id the publication deadline uses,
  /// "publication-gsxt" (20 working days, default) or "publication-policy" (7 working days).
  std::string publication_period = "publication-gsxt";

  /// R-COLLECTIVE-QUORUM [M]: no national text sets the quorum of a 负责人集体讨论; the default, 2 heads,
  /// is the least that "集体" can mean. Local rules (e.g. Fushun's 案审会 rules) set their own, 2 or more.
  int collective_discussion_min_heads = 2;

  // No profile value for the legal reviewer's qualification: 处罚法 第五十八条第二款 (a law) requires the
  // 法律职业资格 of a first-time reviewer, and 辽宁法制审核办法 第四条's 律师资格 cannot loosen it.

  /// R-REVIEW-LIAONING [V-partial] (程序规定 第五十条第三款; 辽宁法制审核办法 第二条): a bureau may widen
  /// the 法制审核 scope. When set, a penalty whose fine or confiscation reaches this amount needs 法制审核 and
  /// 集体讨论. Default: not set (national scope only).
  std::optional<std::int64_t> legal_review_amount_fen;

  /// Overrides of configurable periods (e.g. the unit of 移送规定's "3日").
  std::vector<period_override> periods;

  /// The national defaults.
  static const profile& national();
  /// Reads a profile file. Throws io_error if it cannot be read, file_format_error(profile_format) naming
  /// the field for malformed content, an unknown field or a value of the wrong type.
  static profile load(const std::string& path);
  /// Parses profile JSON text; `source` names it in error messages.
  static profile parse(std::string_view text, std::string_view source);

  /// The national period catalogue with this profile's overrides applied. Throws error(not_configurable)
  /// for an override of a verified period.
  period_catalogue catalogue() const;
};

}  // namespace penaltyflow
