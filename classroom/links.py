"""The link a teacher shares with a class on Kubernetes (classroom/kubernetes/values.yaml): an nbgitpuller link.

A learner who opens it logs in to the hub, their server starts, nbgitpuller clones the course into their home (the
first time) or merges the course's updates into their copy without overwriting their changes (every later time),
and JupyterLab opens the first lesson.

    python -m classroom.links https://course.example.org https://github.com/your-org/deep-learning-course

The link has nbgitpuller's documented form,
``{hub}/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=lab/tree/{folder}/{path}``, every value URL-encoded
(the same parameters, with the same values, as nbgitpuller's own link generator gives). ``{folder}`` is the folder
nbgitpuller clones into, named by nbgitpuller's own rule: the last part of the repository's address (``.git``
included, if the address ends so).
"""
from __future__ import annotations

import argparse
import sys
from urllib.parse import urlencode, urlsplit

# Where the file opens, as nbgitpuller's link generator writes it. Only JupyterLab: the image has no classic Notebook
# (nbgitpuller's "tree/" links would need the notebook package).
APPS = {"lab": "lab/tree"}


def nbgitpuller_link(hub_url: str, repo: str, branch: str = "main", path: str = "notebooks/00_welcome.ipynb",
                     app: str = "lab") -> str:
    """The nbgitpuller link that syncs ``repo`` (its ``branch``) into a learner's home on the hub at ``hub_url``,
    then opens ``path`` (relative to the repository's top level) in JupyterLab (``app="lab"``)."""
    hub_url, repo, branch, path = (str(value).strip() for value in (hub_url, repo, branch, path))
    hub = urlsplit(hub_url)
    if hub.scheme not in ("http", "https") or not hub.netloc:
        raise ValueError(f"the hub's address should start with https:// (or http://), like "
                         f"https://course.example.org, but got {hub_url!r}")
    if hub.query or hub.fragment:
        raise ValueError(f"the hub's address should be just the address, without ?... or #..., but got {hub_url!r}")
    if not repo:
        raise ValueError("the course's git repository is missing: give its address, like "
                         "https://github.com/your-org/deep-learning-course")
    folder = repo.rstrip("/").rsplit("/", 1)[-1]  # nbgitpuller's own rule for the folder it clones into
    if not folder or folder.endswith(":"):
        raise ValueError(f"the repository's address should end with the repository's name, but got {repo!r}")
    if not branch:
        raise ValueError("the branch is empty: give the branch learners should get, like main")
    if app not in APPS:
        raise ValueError(f"app should be one of {', '.join(APPS)}, not {app!r}")
    query = urlencode({"repo": repo, "branch": branch, "urlpath": f"{APPS[app]}/{folder}/{path.lstrip('/')}"})
    return f"{hub_url.rstrip('/')}/hub/user-redirect/git-pull?{query}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m classroom.links",
                                     description="Print the nbgitpuller link to share with a class on Kubernetes.")
    parser.add_argument("hub_url", help="the hub's address, e.g. https://course.example.org")
    parser.add_argument("repo", help="the course's git repository, e.g. https://github.com/your-org/deep-learning-course")
    parser.add_argument("--branch", default="main", help="the branch learners get (default: main)")
    parser.add_argument("--path", default="notebooks/00_welcome.ipynb",
                        help="the file to open, from the repository's top level (default: notebooks/00_welcome.ipynb)")
    parser.add_argument("--app", default="lab", choices=sorted(APPS), help="where to open it: lab (JupyterLab, the default)")
    args = parser.parse_args(argv)
    try:
        print(nbgitpuller_link(args.hub_url, args.repo, branch=args.branch, path=args.path, app=args.app))
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
