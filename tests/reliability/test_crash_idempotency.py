"""A keyed request acts once, whatever crashes: the server is killed (SIGKILL) while many clients
issue invoices with Idempotency-Keys, restarted, and every unanswered request retried at once.
Each key ends with exactly one invoice, every retry is answered, and the numbers stay one
gap-free run."""

import re
import threading
import time
from collections import Counter

import requests

from tests.conftest import Account, basic_auth
from tests.reliability.test_invoice_numbering import _all_invoices, _customer_and_mode, _invoice_body
from tests.support.concurrency import run_together
from tests.support.live_server import server_process

CLIENTS = 8
KILLS = 2
RUN_BEFORE_KILL_SECONDS = 1.5
REQUEST_TIMEOUT_SECONDS = 30.0
NUMBER = re.compile(r"INV-\d{4}-\d{2}-(\d{3,})")


def _request(session: requests.Session, base: str, key: str, customer: dict) -> requests.Response:
    """Half the keys issue through Invoiced, half through Octobat v1: one series for both."""
    headers = {"Idempotency-Key": key}
    if int(key.rsplit("-", 1)[1]) % 2:
        return session.post(f"{base}/octobat/v1/invoices", json=_invoice_body(customer["octobat"], customer["mode"]),
                            headers=headers, timeout=REQUEST_TIMEOUT_SECONDS)
    body = {"customer": customer["invoiced"], "items": [{"name": "Subscription", "unit_cost": 10}]}
    return session.post(f"{base}/invoiced/invoices", json=body, headers=headers, timeout=REQUEST_TIMEOUT_SECONDS)


def _number(response: requests.Response) -> str:
    body = response.json()
    return body.get("invoice_number") or body["number"]


def _issue_until_killed(base: str, process, account: Account, customer: dict, round_: int) -> tuple[dict, list]:
    """Clients issue keyed invoices until the server is killed; what each key was answered."""
    answered: dict[str, str] = {}
    unanswered: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def client(index: int) -> None:
        with requests.Session() as session:
            session.headers.update(basic_auth(account.live_key))
            sent = 0
            while not stop.is_set():
                key = f"crash-{round_}-{index}-{sent}"
                sent += 1
                try:
                    response = _request(session, base, key, customer)
                except requests.RequestException:
                    with lock:
                        unanswered.append(key)
                    return
                assert response.status_code in (200, 201), response.text
                with lock:
                    answered[key] = _number(response)

    killer = threading.Timer(RUN_BEFORE_KILL_SECONDS, lambda: (process.kill(), stop.set()))
    killer.start()
    run_together(CLIENTS, client)
    killer.join()
    return answered, unanswered


def test_requests_retried_after_kill_9_act_once_and_are_all_answered(database, account):
    answered: dict[str, str] = {}
    unanswered: list[str] = []
    customer: dict = {}
    for round_ in range(KILLS):
        with server_process(database.url, rate_limit=0) as (base, process):
            if not customer:
                customer["octobat"], customer["mode"] = _customer_and_mode(base, account)
                with requests.Session() as session:
                    session.headers.update(basic_auth(account.live_key))
                    customer["invoiced"] = session.get(f"{base}/invoiced/customers",
                                                       timeout=REQUEST_TIMEOUT_SECONDS).json()[0]["id"]
            got, lost = _issue_until_killed(base, process, account, customer, round_)
            process.wait()
            answered.update(got)
            unanswered += lost

    assert unanswered, "the kill interrupted no request: the test proved nothing"
    with server_process(database.url, rate_limit=0) as (base, _process):
        retried: dict[str, requests.Response] = {}

        def retry(index: int) -> None:
            key = (unanswered + list(answered))[index]
            with requests.Session() as session:
                session.headers.update(basic_auth(account.live_key))
                for _attempt in range(50):
                    response = _request(session, base, key, customer)
                    if response.status_code != 409:  # the killed holder's transaction not yet ended
                        break
                    time.sleep(0.1)
                retried[key] = response

        run_together(len(unanswered) + len(answered), retry)
        listed = _all_invoices(base, account)

    failures = {key: response.text[:200] for key, response in retried.items() if response.status_code not in (200, 201)}
    assert not failures, f"retries not answered: {list(failures.items())[:5]}"
    for key, number in answered.items():
        assert _number(retried[key]) == number, f"{key} was answered {number}, its retry another invoice"
        assert retried[key].headers.get("Idempotent-Replayed") == "true"
    numbers = [invoice["invoice_number"] for invoice in listed]
    per_key = {key: _number(response) for key, response in retried.items()}
    assert sorted(numbers) == sorted(per_key.values()), "invoices issued that no key was answered with"
    duplicates = [number for number, times in Counter(numbers).items() if times > 1]
    assert not duplicates, f"numbers given twice: {duplicates[:10]}"
    counters = sorted(int(NUMBER.fullmatch(number).group(1)) for number in numbers)
    assert counters == list(range(1, len(numbers) + 1)), "the numbers are not one gap-free run"
    print(f"{database.backend}: {KILLS} kills, {len(answered)} answered before, {len(unanswered)} retried after, "
          f"{len(numbers)} invoices, no duplicate")
