// The documents (文书) an event produces, as JSON objects of the case-history format and the store's
// register (document.hpp; detail/event_object.hpp: document_object, read_document_object).
#include <penaltyflow/document.hpp>
#include <penaltyflow/error.hpp>

#include "penaltyflow/detail/event_object.hpp"

#include <limits>

namespace penaltyflow {

namespace detail {

using json = nlohmann::json;

json document_object(const document& d) {
  json x{{"kind", d.kind}, {"number", d.number}, {"date", to_iso(d.issued)}, {"signatories", d.signatories}};
  if (d.pages != 0) x["pages"] = d.pages;
  if (d.signed_pages != 0) x["signed_pages"] = d.signed_pages;
  if (!d.volume.empty()) x["volume"] = d.volume;
  return x;
}

document read_document_object(const json& obj, const json_reader& rd, const std::string& path) {
  rd.require_object(obj, path, {"kind", "number", "date", "signatories", "pages", "signed_pages", "volume"});
  document d;
  d.kind = rd.required(rd.string(obj, path, "kind"), path, "kind");
  d.number = rd.required(rd.string(obj, path, "number"), path, "number");
  const std::string issued = rd.required(rd.string(obj, path, "date"), path, "date");
  try {
    d.issued = parse_date(issued, "document date");
  } catch (const error& e) {
    rd.fail_at(path + ".date", e.message());
  }
  const json* signatories = rd.array(obj, path, "signatories");
  if (!signatories) rd.fail_at(path + ".signatories", "required field is missing");
  for (std::size_t i = 0; i < signatories->size(); ++i) {
    const auto& v = (*signatories)[i];
    if (!v.is_string())
      rd.fail_at(path + ".signatories[" + std::to_string(i) + "]", "expected a string, found " + json_reader::type_name(v));
    d.signatories.push_back(v.get<std::string>());
  }
  auto count = [&](const char* key) {
    const auto n = rd.integer(obj, path, key).value_or(0);
    if (n < 0 || n > std::numeric_limits<int>::max()) rd.fail_at(path + "." + key, "must be a page count (0 or more)");
    return static_cast<int>(n);
  };
  d.pages = count("pages");
  d.signed_pages = count("signed_pages");
  d.volume = rd.string(obj, path, "volume").value_or("");
  return d;
}

}  // namespace detail

document parse_document_json(std::string_view text, std::string_view source) {
  const detail::json_reader rd(error_code::history_format, std::string(source));
  return detail::read_document_object(rd.parse(text), rd, "$");
}

}  // namespace penaltyflow
