// The few values manimd reads from S3's XML answers (UploadId, Code, Message, ETag).
// S3's answers are small, flat documents; an XML library would add a dependency for
// three tags, so this finds an element's text and decodes the five predefined entities.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace manimd::storage {

// The text of the first <tag>...</tag> in `xml`, entities decoded; nullopt if absent.
std::optional<std::string> XmlText(std::string_view xml, std::string_view tag);

// `text` with & < > " ' escaped, for building request bodies.
std::string XmlEscape(std::string_view text);

}  // namespace manimd::storage
