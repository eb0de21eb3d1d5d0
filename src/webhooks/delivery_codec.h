// A delivery as one JSON document, the same in every DeliveryStore that keeps text.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"
#include "webhooks/delivery.h"

namespace manimd::webhooks {

std::string EncodeDelivery(const Delivery& delivery);
// kInternal when `text` is not a JSON object; missing fields stay at their defaults.
core::Result<Delivery> DecodeDelivery(std::string_view text);

}  // namespace manimd::webhooks
