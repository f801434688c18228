# Images of the collector and the simulator, built from source. Build one with --target:
#   docker build --target collector -t kdfm-collector .
#   docker build --target sim -t kdfm-sim .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Kdfm.Collector.Host -c Release -o /out/collector \
 && dotnet publish src/Kdfm.Simulator -c Release -o /out/sim

# The collector only opens outbound connections: it exposes no port.
FROM mcr.microsoft.com/dotnet/runtime:10.0 AS collector
WORKDIR /app
COPY --from=build /out/collector .
USER app
ENTRYPOINT ["./kdfm-collector"]

FROM mcr.microsoft.com/dotnet/runtime:10.0 AS sim
WORKDIR /app
COPY --from=build /out/sim .
USER app
ENTRYPOINT ["./kdfm-sim", "--port", "1161"]
