#include <gtest/gtest.h>

#include "webhooks/address_policy.h"

namespace manimd::webhooks {
namespace {

TEST(WebhookAddressPolicyTest, RefusesWhatAServerMustNotReach) {
  struct Case {
    const char* address;
    const char* reason;
  };
  for (const Case& c : {Case{"127.0.0.1", "loopback"},
                        Case{"127.255.0.9", "loopback"},
                        Case{"::1", "loopback"},
                        Case{"10.1.2.3", "private"},
                        Case{"172.16.0.1", "private"},
                        Case{"172.31.255.255", "private"},
                        Case{"192.168.1.1", "private"},
                        Case{"fd00:ec2::254", "private"},
                        Case{"169.254.169.254", "metadata"},
                        Case{"169.254.1.1", "link-local"},
                        Case{"fe80::1", "link-local"},
                        Case{"100.64.0.1", "cgnat"},
                        Case{"100.127.255.254", "cgnat"},
                        Case{"0.0.0.0", "unspecified"},
                        Case{"::", "unspecified"},
                        Case{"224.0.0.1", "multicast"},
                        Case{"ff02::1", "multicast"},
                        Case{"255.255.255.255", "reserved"},
                        Case{"::ffff:127.0.0.1", "loopback"},
                        Case{"::ffff:10.0.0.1", "private"},
                        Case{"::ffff:169.254.169.254", "metadata"},
                        Case{"64:ff9b::a9fe:a9fe", "metadata"},
                        Case{"2002:7f00:1::", "reserved"}}) {
    EXPECT_EQ(ForbiddenReasonOf(c.address), c.reason) << c.address;
  }
}

TEST(WebhookAddressPolicyTest, AllowsPublicUnicast) {
  for (const char* a : {"1.1.1.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "169.255.0.1",
                        "2606:4700:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"}) {
    EXPECT_EQ(ForbiddenReasonOf(a), "") << a;
  }
}

TEST(WebhookAddressPolicyTest, NamesAreNotAddresses) {
  EXPECT_EQ(ForbiddenReasonOf("localhost"), "not an IP address");
  EXPECT_EQ(ForbiddenReasonOf("0x7f.1"), "not an IP address");  // inet_pton is strict
}

}  // namespace
}  // namespace manimd::webhooks
