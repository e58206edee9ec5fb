// Gates of the remedies (行政复议、行政诉讼: 行政复议法 2017 and 2023; 行政诉讼法 第四十四条 to 第四十六条),
// the track parallel to execution.

#include "penaltyflow/rules/gates.hpp"

namespace penaltyflow {

namespace gates {

// R-RECON-APPLY 行政复议法 第二十条; R-LIT-FILE 行政诉讼法 第四十五条, 第四十六条: a decision to challenge.
void gate_remedy(const rule_definition& r, const gate_input& in, refusal_list& out) {
  if (!in.facts.decided) {
    out.push_back(r.refuse("尚无可申请复议或者起诉的行政处罚决定", "there is no decision to challenge", {{"decided", "-"}}));
  }
}

// R-RECON-SIMPLIFIED 行政复议法 (2023) 第五十三条, 第五十五条: the 复议机关 may choose the simplified procedure
// for an application received under the 2023 text, and may switch a simplified case back to the ordinary one. The
// 2017 text had no simplified procedure: applications before 2024-01-01 cannot have it ([M]: the switch is keyed
// to the application day).
void gate_recon_procedure(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  const std::string& to = in.ev.subject;
  if (to != "simplified" && to != "ordinary") {
    out.push_back(r.refuse("复议程序应为简易程序（simplified）或者普通程序（ordinary）",
                           "the procedure must be \"simplified\" or \"ordinary\"", {{"subject", to}}));
    return;
  }
  if (!f.reconsideration_applied || f.reconsideration_decided) {
    out.push_back(r.refuse("没有正在审理的行政复议", "no reconsideration is under way",
                           {{"reconsideration_applied", iso(f.reconsideration_applied)}}));
    return;
  }
  if (to == "simplified" && *f.reconsideration_applied < recon_2023_from) {
    out.push_back(r.refuse("2024年1月1日前申请的行政复议适用2017年行政复议法，该法未规定简易程序",
                           "an application made before 2024-01-01 falls under the 2017 text, which has no "
                           "simplified procedure",
                           {{"reconsideration_applied", iso(f.reconsideration_applied)}}));
  } else if (to == "ordinary" && !f.reconsideration_simplified) {
    out.push_back(r.refuse("只有适用简易程序的行政复议才能转为普通程序（第五十五条）",
                           "only a reconsideration under the simplified procedure can be switched to the ordinary one",
                           {{"procedure", "ordinary"}}));
  }
}

// R-RECON-PRECONDITION 行政复议法 (2023) 第二十三条第一款第一项, 第二款; 行政诉讼法 第四十四条第二款: against a
// 当场 decision the party must apply for 行政复议 before suing. Keyed to the day of the 当场 decision ([M]: a decision
// made before 2024 told the party the old routes). That the decision tells the party so (第二款) is a check of the
// case-file evaluation (oversight.cpp, `reconsideration-route`): the document's contents, not a step.
void gate_recon_first(const rule_definition& r, const gate_input& in, refusal_list& out) {
  const auto& f = in.facts;
  if (!f.summary_decided || *f.summary_decided < recon_2023_from) return;
  // While the reconsideration runs, the remedy track refuses a suit (R-PROCEDURE-ORDER); after it, or after its
  // period ran without a decision (行政诉讼法 第四十五条), the suit lies.
  if (!f.reconsideration_applied) {
    out.push_back(r.refuse("对当场作出的行政处罚决定不服的，应当先申请行政复议，方可提起行政诉讼",
                           "a decision made on the spot can be taken to court only after reconsideration",
                           {{"decided", iso(f.summary_decided)}, {"reconsideration_applied", "-"}}));
  }
}

}  // namespace gates

}  // namespace penaltyflow
