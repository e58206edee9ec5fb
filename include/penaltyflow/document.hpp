// penaltyflow — the documents (文书) an event produces, as the store's register and the case-history format
// record them (docs/store.md, docs/case-history.md).
#pragma once

#include <penaltyflow/calendar.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace penaltyflow {

/// A document (文书) produced by an event: kind (e.g. "行政处罚决定书"), number (文号), date and signatories.
/// Records (笔录) carry their page count and how many pages the party signed (程序规定 第二十九条: 逐页签名);
/// the entries of an archived file carry the volume they were filed in (程序规定 第七十八条: 正卷 / 副卷).
struct document {
  document() = default;
  document(std::string kind_, std::string number_, date issued_, std::vector<std::string> signatories_ = {},
           int pages_ = 0, int signed_pages_ = 0, std::string volume_ = {})
      : kind(std::move(kind_)), number(std::move(number_)), issued(issued_), signatories(std::move(signatories_)),
        pages(pages_), signed_pages(signed_pages_), volume(std::move(volume_)) {}

  std::string kind;
  std::string number;
  date issued;
  std::vector<std::string> signatories;  ///< actor ids
  int pages = 0;         ///< 0: not a paged record
  int signed_pages = 0;  ///< pages signed by the party (笔录 only)
  std::string volume;    ///< archived: "main" (正卷) or "secondary" (副卷); empty otherwise
  bool operator==(const document& o) const {
    return kind == o.kind && number == o.number && issued == o.issued && signatories == o.signatories &&
           pages == o.pages && signed_pages == o.signed_pages && volume == o.volume;
  }
};

/// Reads one document written as JSON, the object of the case-history format's event record
/// (docs/case-history.md): "kind", "number", "date", "signatories", and optionally "pages", "signed_pages",
/// "volume". Strict: throws file_format_error(history_format) naming `source` and the field.
document parse_document_json(std::string_view text, std::string_view source);

}  // namespace penaltyflow
