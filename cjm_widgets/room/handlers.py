"""The room's HTTP handlers, added to the app's own server: the participant page and
its JSON API under ``/room/<key>/``, and nothing else.

They are plain tornado handlers, outside Jupyter's login: the room key in the path
opens the page and the API only, and the API answers only to a participant's bearer
token. Jupyter's own paths (contents, kernels, files, terminals) keep their login.
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from tornado import web

from ..errors import StoreError, WorkshopError
from ..i18n import translate
from ..limits import MAX_NESTING, nesting_depth
from .page import participant_page
from .rules import RoomError, check_whole_characters
from .service import Room

KEY_PATTERN = r"([A-Za-z0-9_-]{16,128})"
MAX_BODY_BYTES = 8 * 1024


ORIGIN_REFUSED = "Origin refused"
"""The reason of the 403 for a request from another site: the page tells it by this from
the room's own 403s (closed, full), whose messages are in the room's language."""


class _RoomHandler(web.RequestHandler):
    """What every room handler shares: the key check, no cookies, strict headers."""

    room: Room

    def initialize(self, room: Room) -> None:
        self.room = room

    def check_xsrf_cookie(self) -> None:
        """Participants authenticate with a bearer token, never a cookie: no CSRF to check."""

    def set_default_headers(self) -> None:
        self.set_header("Referrer-Policy", "no-referrer")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Cache-Control", "no-store")

    def prepare(self) -> None:
        key = self.path_args[0] if self.path_args else ""
        if not self.room.key_matches(key):
            raise web.HTTPError(404)
        origin = self.request.headers.get("Origin")
        if origin is not None and origin.split("://", 1)[-1] != self.request.host:
            raise web.HTTPError(403, reason=ORIGIN_REFUSED)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps({"error": self._reason}))


class PageHandler(_RoomHandler):
    def get(self, key: str) -> None:
        try:
            title = self.room.workshop.title
        except (StoreError, WorkshopError) as error:  # a broken file: say so, keep serving
            self.set_status(503)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(error.translated(self.room.lang))
            return
        nonce = secrets.token_urlsafe(16)
        self.set_header(
            "Content-Security-Policy",
            f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
            "connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'",
        )
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(participant_page(title, self.room.lang, nonce))


class ApiHandler(_RoomHandler):
    """One API call: the body read as a JSON object, refusals as JSON with their status."""

    def _body(self) -> dict[str, Any]:
        """The body as a JSON object of whole characters, nested at most ``MAX_NESTING``
        deep: anything else is a 400 (a parser's RecursionError included), never a 500."""
        if len(self.request.body) > MAX_BODY_BYTES:
            raise RoomError(413, self.room_message("room.error.body_size"))
        try:
            data = json.loads(self.request.body or b"{}")
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            data = None
        if not isinstance(data, dict):
            raise RoomError(400, self.room_message("room.error.json"))
        if nesting_depth(data) > MAX_NESTING:
            deep = translate("room.error.deep", self.room.lang, limit=MAX_NESTING)
            raise RoomError(400, str(deep))
        check_whole_characters(data, self.room.lang)
        return data

    def room_message(self, key: str) -> str:
        return str(translate(key, self.room.lang))

    def _token(self) -> str | None:
        header = self.request.headers.get("Authorization", "")
        scheme, _, token = header.partition(" ")
        return token.strip() if scheme.lower() == "bearer" else None

    def answer(self, status: int, data: dict[str, Any]) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.finish(json.dumps(data, ensure_ascii=False))

    def run(self, action: str, *args: str) -> None:
        try:
            if action == "join":
                self.answer(201, self.room.join(self._body(), self.request.remote_ip or ""))
                return
            member = self.room.member(self._token())
            if action == "state":
                result = self.room.state(member)
            elif action == "ratings":
                result = self.room.rate(member, self._body())
            elif action == "vote":
                result = self.room.vote(member, self._body())
            elif action == "unvote":
                result = self.room.unvote(member, args[0])
            else:
                result = self.room.note(member, self._body())
            self.answer(201 if action in ("vote", "notes") else 200, result)
        except RoomError as error:
            if error.retry_after is not None:
                self.set_header("Retry-After", str(error.retry_after))
            self.answer(error.status, {"error": str(error.message)})
        except (StoreError, WorkshopError) as error:
            self.answer(503, {"error": error.translated(self.room.lang)})


class JoinHandler(ApiHandler):
    def post(self, key: str) -> None:
        self.run("join")


class StateHandler(ApiHandler):
    def get(self, key: str) -> None:
        self.run("state")


class RatingsHandler(ApiHandler):
    def put(self, key: str) -> None:
        self.run("ratings")


class VotesHandler(ApiHandler):
    def post(self, key: str) -> None:
        self.run("vote")


class VoteHandler(ApiHandler):
    def delete(self, key: str, idea_id: str) -> None:
        self.run("unvote", idea_id)


class NotesHandler(ApiHandler):
    def post(self, key: str) -> None:
        self.run("notes")


class NothingHandler(web.RequestHandler):
    """Any other path under ``/room/`` (a key too short or too long, an unknown call):
    404 as JSON, never the app's login page behind it."""

    def check_xsrf_cookie(self) -> None:
        """Nothing here reads a cookie or changes anything."""

    def prepare(self) -> None:
        raise web.HTTPError(404)

    def write_error(self, status_code: int, **kwargs: Any) -> None:
        self.set_header("Content-Type", "application/json; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps({"error": self._reason}))


Route = tuple[str, type[web.RequestHandler], dict[str, Any]]


def room_handlers(base_url: str, room: Room) -> list[Route]:
    """The room's routes under ``base_url``, to add before the app's catch-all page."""
    root = base_url.rstrip("/") + "/room/" + KEY_PATTERN
    routes: list[tuple[str, type[web.RequestHandler]]] = [
        (root + "/?", PageHandler),
        (root + "/api/join", JoinHandler),
        (root + "/api/state", StateHandler),
        (root + "/api/ratings", RatingsHandler),
        (root + "/api/votes", VotesHandler),
        (root + "/api/votes/([^/]+)", VoteHandler),
        (root + "/api/notes", NotesHandler),
    ]
    everything_else: Route = (base_url.rstrip("/") + "/room(?:/.*)?", NothingHandler, {})
    return [*((pattern, handler, {"room": room}) for pattern, handler in routes), everything_else]
