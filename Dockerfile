# consent-checker on Debian 12 with Debian's Chromium, run as a normal user so Chromium's sandbox stays on.
#
#   docker build -t consent-checker .
#   docker run --rm --init --security-opt seccomp=unconfined consent-checker demo
#   docker run --rm --init --security-opt seccomp=unconfined -v "$PWD:/scan" --user "$(id -u):$(id -g)" \
#     consent-checker scan --urls urls.txt --out out --format json,html,pdf,sarif,md
#
# Chromium sandboxes every page in user namespaces. Docker's default seccomp profile refuses to create them
# (it allows clone/unshare with CLONE_NEWUSER only to containers with CAP_SYS_ADMIN), so the browser would
# not start: give the container `--security-opt seccomp=unconfined`, or a profile of your own that is
# Docker's default plus clone/unshare with CLONE_NEWUSER. Never `--cap-add SYS_ADMIN`, and never root: as
# root Chromium cannot sandbox at all (the tool then runs it with the sandbox off and every report says so).
# `--init` reaps the browser's helper processes; `--user` makes the files written into a mounted folder
# yours (any uid works: HOME is /tmp, writable by all).

ARG DEBIAN_IMAGE=debian:bookworm-slim

# Build the wheel and install it with its dependencies into a virtual env; only the env goes to the image.
FROM ${DEBIAN_IMAGE} AS build
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3 python3-venv \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml README.md ./
COPY checker ./checker
COPY rules ./rules
RUN python3 -m venv /opt/consent-checker \
    && /opt/consent-checker/bin/pip install --no-cache-dir --disable-pip-version-check /src

FROM ${DEBIAN_IMAGE}
# chromium-headless-shell: Debian's headless Chromium (bookworm-security keeps it current); it allows
# third-party cookies as a reader's browser does. The full `chromium` needs a profile preference for that,
# which the tool sets itself, so `--browser /usr/lib/chromium/chromium` works too if you install it.
# Fonts: pages and the PDF report need real glyphs and metrics (the banner fairness rules compare sizes).
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
        python3 chromium-headless-shell fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/consent-checker /opt/consent-checker
RUN useradd --uid 10001 --user-group --home-dir /tmp --no-create-home --shell /usr/sbin/nologin scanner \
    && install -d -o scanner -g scanner /scan
ENV PATH=/opt/consent-checker/bin:$PATH \
    HOME=/tmp \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1
# A numeric user, so Kubernetes' runAsNonRoot can check it.
USER 10001:10001
WORKDIR /scan
ENTRYPOINT ["consent-checker"]
CMD ["--help"]
