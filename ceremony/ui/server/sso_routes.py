"""The single sign-on routes of the sign-in flow (`/auth/sso/start`, `/auth/sso/callback`).

A mixin of the sign-in flow (`signin._Flow`), which supplies the pages, the store, the
cookies and `_signed_in`. The pending sign-in (state, nonce, PKCE verifier and the page to
return to) travels sealed in the browser's own cookie (`ceremony.sso_state`): Lax, since
the provider sends the browser back with a cross-site redirect, and only for /auth/sso.
The identity is matched to an account by `signing_in.find_for_identity`; every refusal
shows the sentence of an unknown identity and is audited with its reason.
"""

from __future__ import annotations

import os

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from ceremony import audit, signing_in
from ceremony.errors import CeremonyError
from ceremony.texts import t
from ceremony.ui.nav import safe_next
from ceremony.ui.server import cookies

SSO_COOKIE = cookies.PENDING + "_sso"  # the sealed pending SSO sign-in (ceremony.sso_state)


class SsoRoutes:
    """`sso_start` and `sso_callback`, and the [auth] settings they read."""

    def sso_config(self):
        """The [auth] section of .streamlit/secrets.toml (or CEREMONY_SECRETS_FILE), or None
        when there is none or it is broken (then `sso_setting` says why)."""
        return self.sso_setting()[0]

    def sso_setting(self):
        """(the SSO configuration or None, the Dutch sentence of a broken one or None): a
        typo in [auth] must not take the password sign-in down with it."""
        from ceremony import sso

        try:
            return sso.load_config(os.environ.get("CEREMONY_SECRETS_FILE") or None), None
        except CeremonyError as exc:  # names the keys, never their values
            return None, str(exc)

    async def sso_start(self, request: Request) -> Response:
        """Send the browser to the provider; its pending state goes along in a sealed cookie."""
        from ceremony import sso, sso_state

        config, problem = self.sso_setting()
        if problem:
            return self.signin_page(request, 503, error=problem)
        if config is None:
            return self.signin_page(request, 404, error=t("server.sso.not_configured"))
        try:
            url, blob = await run_in_threadpool(sso.begin, config)
        except CeremonyError as exc:  # the provider unreachable or answering nonsense
            return self.signin_page(request, 503, error=str(exc))
        sealed = sso_state.seal_pending(self.store().keys, blob, safe_next(request.query_params.get("next")))
        response = self.redirect(url)
        self._sso_cookie(request, response, sealed, sso_state.TTL_SECONDS)
        return response

    async def sso_callback(self, request: Request) -> Response:
        """Finish at the provider's redirect: the account of the identity gets a session."""
        from ceremony import sso, sso_state

        config = self.sso_config()
        store = self.store()
        if config is None:
            return self._sso_refused(request, t("server.sso.failed"))
        try:
            blob, next_page = sso_state.open_pending(store.keys, request.cookies.get(SSO_COOKIE))
            identity = await run_in_threadpool(sso.finish, config, blob, dict(request.query_params))
        except CeremonyError as exc:
            await run_in_threadpool(audit.record, store, "anonymous", "login.failure", "",
                                    reason="sso_" + (getattr(exc, "reason", "") or "protocol"))
            return self._sso_refused(request, t("server.sso.failed"))
        keys = sso.account_keys(config, identity)
        user = await run_in_threadpool(signing_in.find_for_identity, store, keys.address, keys.subject,
                                       keys.unmatched)
        if user is None:  # find_for_identity audited the refusal
            return self._sso_refused(request, t("server.sso.no_account"))
        # a same-site page continues to the app, so that the Strict session cookie is sent
        html = (f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">'
                f'<meta http-equiv="refresh" content="0;url={next_page}"><title>{t("server.signin.title")}</title>'
                f'</head><body><p><a href="{next_page}">{t("server.sso.continue")}</a></p></body></html>')
        try:
            response = await run_in_threadpool(self._signed_in, request, store, user, "sso", next_page,
                                               HTMLResponse(html))
        except CeremonyError:
            return self._sso_refused(request, t("server.sso.no_account"))
        self._sso_cookie(request, response, "", 0)
        return response

    def _sso_refused(self, request: Request, message: str) -> Response:
        response = self.signin_page(request, 403, error=message)
        self._sso_cookie(request, response, "", 0)
        return response

    def _sso_cookie(self, request: Request, response: Response, value: str, max_age: int) -> None:
        """Set (or with max_age 0 clear) the pending-SSO cookie: Lax, since the provider
        sends the browser back with a cross-site redirect; only for /auth/sso."""
        header = cookies.header_value(SSO_COOKIE, value, self.secure(request), max_age)
        header = header.replace("; Path=/;", "; Path=/auth/sso;").replace("SameSite=Strict", "SameSite=Lax")
        response.headers.append("set-cookie", header)
