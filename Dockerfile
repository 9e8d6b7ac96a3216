# The genseetest fake Gensee site as a container, for docker-compose set-ups
# of services in any language:
#
#   docker build -t gensee-fake .
#   docker run --rm -p 8080:8080 gensee-fake
#   docker run --rm -p 8080:8080 -v gensee-fake-state:/state gensee-fake \
#     fake serve --addr 0.0.0.0:8080 --seed demo --state /state/fake.json
#
# The first stage builds the gensee command as a static binary; the second
# holds that binary alone (no shell, no libc), running as an unprivileged
# user. The fake listens on every interface of the container: publish the
# port on loopback only (-p 127.0.0.1:8080:8080) where others share the
# machine, since its control API (/_fake/) has no authentication.
FROM golang:1.24 AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
RUN CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/gensee ./cmd/gensee \
 && mkdir -p /out/tmp /out/state

FROM scratch
COPY --from=build /out/gensee /gensee
# Directories the unprivileged user may write: /tmp for the certificate of
# --tls, /state for --state (a volume mounted there starts with this owner).
COPY --from=build --chown=65534:65534 /out/tmp /tmp
COPY --from=build --chown=65534:65534 /out/state /state
USER 65534:65534
ENV TMPDIR=/tmp
EXPOSE 8080
ENTRYPOINT ["/gensee"]
CMD ["fake", "serve", "--addr", "0.0.0.0:8080", "--seed", "demo"]
