"""Domains that never identify a company: free mail, ISPs, disposable addresses."""

from __future__ import annotations

from collections.abc import Iterable

# Chosen from the largest consumer mail and ISP providers; admins add more in settings.
FREE_MAIL_DOMAINS: frozenset[str] = frozenset(
    """
    gmail.com googlemail.com yahoo.com yahoo.co.uk yahoo.fr yahoo.de yahoo.co.jp yahoo.com.br
    ymail.com rocketmail.com hotmail.com hotmail.co.uk hotmail.fr hotmail.de hotmail.it
    outlook.com outlook.fr outlook.de live.com live.co.uk live.fr msn.com windowslive.com
    aol.com aim.com icloud.com me.com mac.com protonmail.com proton.me pm.me tutanota.com
    gmx.com gmx.de gmx.net gmx.at web.de t-online.de freenet.de mail.com email.com
    zoho.com zohomail.com yandex.com yandex.ru mail.ru inbox.ru bk.ru list.ru rambler.ru
    qq.com 163.com 126.com sina.com sohu.com naver.com daum.net hanmail.net
    orange.fr wanadoo.fr free.fr laposte.net sfr.fr libero.it virgilio.it tiscali.it alice.it
    btinternet.com sky.com virginmedia.com talktalk.net ntlworld.com blueyonder.co.uk
    comcast.net verizon.net att.net sbcglobal.net bellsouth.net cox.net charter.net
    earthlink.net juno.com optonline.net frontier.com windstream.net shaw.ca rogers.com
    sympatico.ca videotron.ca bigpond.com optusnet.com.au telstra.com xtra.co.nz
    rediffmail.com uol.com.br bol.com.br terra.com.br ig.com.br seznam.cz wp.pl o2.pl
    interia.pl onet.pl hushmail.com fastmail.com fastmail.fm mailinator.com guerrillamail.com
    10minutemail.com temp-mail.org yopmail.com trashmail.com sharklasers.com dispostable.com
    """.split()
)


def free_mail_set(extra: Iterable[str] = ()) -> frozenset[str]:
    """The built-in list plus a workspace's own additions (lower-cased)."""
    return FREE_MAIL_DOMAINS | {d.strip().lower() for d in extra if d.strip()}


def is_free_mail(domain: str | None, excluded: frozenset[str] = FREE_MAIL_DOMAINS) -> bool:
    """True when `domain` must not be used as an account key.

    >>> is_free_mail("gmail.com"), is_free_mail("acme.com")
    (True, False)
    """
    return domain is not None and domain in excluded
