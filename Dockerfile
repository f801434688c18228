# Images of the collector, the hub and the simulator, built from source. Build one with --target:
#   docker build --target collector -t kdfm-collector .
#   docker build --target hub -t kdfm-hub .
#   docker build --target sim -t kdfm-sim .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Kdfm.Collector.Host -c Release -o /out/collector \
 && dotnet publish src/Kdfm.Hub -c Release -o /out/hub \
 && dotnet publish src/Kdfm.Simulator -c Release -o /out/sim

# The collector only opens outbound connections: it exposes no port, and the runtime's diagnostics socket is off.
# Its data (store, agent identity) lives in /data: mount a volume there.
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS collector
# Ping tasks and the automatic ping of silent printers: the collector runs as "app", without CAP_NET_RAW, so .NET's Ping
# runs the ping utility (Debian's iputils-ping carries cap_net_raw as a file capability, within Docker's default set).
RUN apt-get update && apt-get install -y --no-install-recommends iputils-ping && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/collector .
ENV DOTNET_EnableDiagnostics_IPC=0 KDFM_Collector__DataDirectory=/data
USER app
VOLUME /data
ENTRYPOINT ["./kdfm-collector"]
CMD ["run"]

# The hub listens on all interfaces inside its container (the image's only purpose); 8443 HTTPS (gRPC, API, MQTT over
# WSS /mqtt), 8883 MQTT over TLS, 22 the agents' SSH tunnels (Device Web Access: the hub runs its own sshd from
# openssh-server, as the non-root user app, which may bind port 22 by a file capability), 9400-9449 the Device Web
# Access sessions' own origins (one port a session). Its data (database, certificate, admin token, SSH host key) lives in /data.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS hub
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server libcap2-bin \
 && setcap cap_net_bind_service=+ep /usr/sbin/sshd && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /out/hub .
ENV KDFM_Hub__DataDirectory=/data KDFM_Hub__ListenAddress=0.0.0.0 KDFM_Hub__HttpsPort=8443 KDFM_Hub__MqttTlsPort=8883 \
    KDFM_Hub__DeviceWebAccess__SshListen=0.0.0.0:22 KDFM_Hub__DeviceWebAccess__ProxyPorts=9400-9449
USER app
VOLUME /data
EXPOSE 8443 8883 22 9400-9449
ENTRYPOINT ["./kdfm-hub"]
CMD ["serve"]

# kdfm-sim serves the devices' web pages with Kestrel (--http/--https): it needs the ASP.NET Core runtime.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS sim
WORKDIR /app
COPY --from=build /out/sim .
USER app
ENTRYPOINT ["./kdfm-sim", "--port", "1161"]
