"""Typesetting runs in worker processes. It is CPU work that would hold the event loop, and Typst
keeps what it laid out in memory: a process that typeset a long statement stays large and slow
for every document after. Short documents go to a long-lived worker, recycled every few hundred
documents; each long one to a fresh process that ends with it."""

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from threading import Lock
from typing import Protocol

from billbook.api.http.execution import offload
from billbook.services import documents
from billbook.services.ledger import Ledger

SHORT_DOCUMENTS_PER_WORKER = 500
_pools: dict[bool, ProcessPoolExecutor] = {}
_creating = Lock()


class Typesettable(Protocol):
    @property
    def long(self) -> bool: ...

    def typeset(self) -> bytes: ...


async def typeset(job: Typesettable) -> bytes:
    return await asyncio.get_running_loop().run_in_executor(_pool(job.long), _typeset, job)


async def kept_pdf(ledger: Ledger, found: bytes | documents.InvoiceToTypeset) -> bytes:
    """An issued document's archived PDF: `found` itself, or, the first time, typeset in a worker
    process and archived between the reading and the archiving transactions (if another request
    archived it meanwhile, that one is the document)."""
    if isinstance(found, bytes):
        return found
    return await offload(ledger, documents.archive, ledger, found, await typeset(found))


def _typeset(job: Typesettable) -> bytes:
    return job.typeset()


def _pool(long: bool) -> ProcessPoolExecutor:
    with _creating:
        if long not in _pools:
            # A fresh interpreter (forkserver), not a fork of a server holding connections and threads.
            _pools[long] = ProcessPoolExecutor(
                max_workers=1 if long else 2, mp_context=multiprocessing.get_context("forkserver"),
                max_tasks_per_child=1 if long else SHORT_DOCUMENTS_PER_WORKER)
        return _pools[long]
