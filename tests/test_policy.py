"""The address policy and the dead-host memory, on their own."""
from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, DownloadTimeoutError

from crawler.policy import AddressPolicy, PolicyMiddleware, Refused, failure_kind


def test_private_addresses_only_where_a_site_lives_or_allowed():
    policy = AddressPolicy({"www.demo.gov.cn": "127.0.0.1"}, ["http://www.demo.gov.cn:8101/"], ["192.168.5.0/24"])
    assert policy.allows("http://www.demo.gov.cn:8101/a")       # the site itself (mapped to loopback)
    assert policy.allows("http://127.0.0.1:9/old/")              # same address as a configured site
    assert policy.allows("http://192.168.5.7/x")                  # allowed by the config
    assert not policy.allows("http://10.0.0.1/secret")
    assert not policy.allows("http://[::1]/x")
    assert not policy.allows("http://169.254.169.254/latest/meta-data/")
    assert policy.allows("http://www.gov.cn/")                    # a public name is left to DNS


def test_public_site_may_not_reach_loopback():
    policy = AddressPolicy({}, ["https://www.example.gov.cn/"], [])
    assert not policy.allows("http://localhost:8080/")
    assert not policy.allows("http://127.0.0.1/")


@pytest.mark.parametrize("exc, kind", [
    (CannotResolveHostError("x"), "dns"), (DownloadConnectionRefusedError("x"), "refused"),
    (DownloadTimeoutError("took longer"), "timeout"), (Refused("blocked-private", "no"), "blocked-private"),
])
def test_failure_kinds(exc, kind):
    assert failure_kind(exc)[0] == kind


def test_dead_host_is_not_asked_again_but_slow_host_is():
    mw = PolicyMiddleware(AddressPolicy({}, [], []))
    mw.process_exception(Request("http://dead.example.gov.cn/a"), DownloadConnectionRefusedError("refused"))
    mw.process_exception(Request("http://slow.example.gov.cn/a"), DownloadTimeoutError("took longer"))
    with pytest.raises(Refused) as err:
        mw.process_request(Request("http://dead.example.gov.cn/b"))
    assert err.value.kind == "refused"
    assert mw.process_request(Request("http://slow.example.gov.cn/b")) is None
