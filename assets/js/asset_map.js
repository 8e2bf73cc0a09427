// The asset map, in one of two modes:
// - "geo": one GeoJSON payload fetched from `src`, markers coloured by status with an icon per asset type,
//   clustered (vendored leaflet.markercluster) beyond `clusterThreshold` markers; a cluster shows its worst state.
// - "plan": a floor-plan image in L.CRS.Simple (no tiles, works offline); placed assets are draggable markers,
//   and while `placing` a click on the plan reports the pixel spot. Plan pixels: x from the left, y from the top.
import { leaflet as L } from "nicegui-leaflet";
import { loadResource } from "../../static/utils/resources.js";

const escapeHtml = (text) =>
  String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function markerIcon(cache, props, styles, typeIcons) {
  const key = `${props.asset_type}/${props.status}`;
  if (!cache[key]) {
    const style = styles[props.status];
    const badge = style.rank >= 2 || style.rank === 0 ? `<span class="cmms-pin-badge material-icons" aria-hidden="true">${style.icon}</span>` : "";
    cache[key] = L.divIcon({
      className: "cmms-pin-wrap",
      html: `<div class="cmms-pin" style="background:${style.color};color:${style.text}" data-status="${props.status}">
               <span class="material-icons" aria-hidden="true">${typeIcons[props.asset_type] || "place"}</span>${badge}</div>`,
      iconSize: [32, 32],
      iconAnchor: [16, 16],
      popupAnchor: [0, -14],
    });
  }
  return cache[key];
}

function popupHtml(props, styles, labels) {
  const style = styles[props.status];
  return `<div class="cmms-popup">
    <div class="cmms-popup-code">${escapeHtml(props.code)}</div>
    <div class="cmms-popup-name">${escapeHtml(props.name)}</div>
    <div class="cmms-popup-row"><span class="cmms-chip" style="background:${style.color};color:${style.text}">
      <span class="material-icons">${style.icon}</span>${escapeHtml(style.label)}</span>
      <span>Condition: <b>${escapeHtml(labels[props.condition] || props.condition)}</b></span></div>
    <div class="cmms-popup-meta">${escapeHtml(labels[props.asset_type] || props.asset_type)} · criticality
      ${escapeHtml(props.criticality)}${props.site ? " · " + escapeHtml(props.site) : ""}${props.room ? " · " + escapeHtml(props.room) : ""}</div>
    <a class="cmms-popup-link" href="/assets/${Number(props.id)}">Open asset <span class="material-icons">arrow_forward</span></a>
  </div>`;
}

export default {
  template: "<div></div>",
  props: {
    mode: String,
    src: String,
    imageUrl: String,
    width: Number,
    height: Number,
    markers: Array,
    editable: Boolean,
    center: Array,
    zoom: Number,
    styles: Object,
    meanings: Object,
    typeIcons: Object,
    labels: Object,
    clusterThreshold: Number,
    tileUrl: String,
    tileAttribution: String,
    tileHost: String,
    assetsPath: String,
    resourcePath: String,
  },
  async mounted() {
    // The markers travel while Leaflet's files load: one request, fetched as early as possible.
    const early = this.mode !== "plan" && this.src ? this.fetchMarkers(this.src) : null;
    early?.catch(() => {}); // reported when awaited
    await this.$nextTick(); // wait for window.path_prefix to be set
    await loadResource(window.path_prefix + `${this.resourcePath}/leaflet/leaflet.css`);
    window.L = L; // the marker-cluster plugin extends the global L
    const plugin = "vendor/leaflet.markercluster/";
    await Promise.all(
      ["css/asset_map.css", plugin + "MarkerCluster.css", plugin + "leaflet.markercluster.js"].map((path) =>
        loadResource(this.assetsPath + path),
      ),
    );
    this.$el.classList.add("cmms-map", this.mode === "plan" ? "cmms-plan" : "cmms-geo");
    this.icons = {};
    if (this.mode === "plan") this.mountPlan();
    else this.mountGeo(early);
    // Until the user moves the map, keep the fitted view fitted while the page settles its layout.
    for (const type of ["pointerdown", "wheel", "keydown"]) {
      this.$el.addEventListener(type, () => (this.userMoved = true), { once: true, passive: true });
    }
    this.map.on("resize", () => this.refit());
    this.observer = new ResizeObserver(() => this.map.invalidateSize());
    this.observer.observe(this.$el);
    this.$emit("ready");
  },
  unmounted() {
    clearTimeout(this.tileTimer);
    this.observer?.disconnect();
    this.map?.remove();
  },
  watch: {
    src(value, old) {
      if (this.map && value !== old) this.load(value, true);
    },
  },
  methods: {
    mountGeo(early) {
      this.map = L.map(this.$el, { center: this.center, zoom: this.zoom, maxZoom: 19, zoomControl: false });
      L.control.zoom({ position: "topright" }).addTo(this.map);
      // Markers first: the tile layer joins once they are drawn, so failing or slow tile requests (a plant without
      // internet) never hold them up.
      const markersDrawn = this.src ? this.load(this.src, true, early) : Promise.resolve();
      markersDrawn.finally(() => requestAnimationFrame(() => this.addTiles()));
    },
    addTiles() {
      if (!this.tileUrl || !this.map) return;
      const tiles = L.tileLayer(this.tileUrl, { attribution: this.tileAttribution, maxZoom: 19 });
      let loaded = 0;
      let failed = false;
      const fail = () => {
        if (failed || loaded) return;
        failed = true;
        this.$el.classList.add("cmms-tiles-failed");
        this.$emit("tiles-failed", { host: this.tileHost });
      };
      tiles.on("tileerror", fail);
      tiles.on("tileload", () => {
        loaded += 1;
        if (failed) {
          failed = false;
          this.$el.classList.remove("cmms-tiles-failed");
          this.$emit("tiles-loaded", {});
        }
      });
      // A host that never answers (no route) fails no request for a long time: say so after a few seconds.
      this.tileTimer = setTimeout(fail, 6000);
      tiles.on("tileload tileerror", () => clearTimeout(this.tileTimer));
      tiles.addTo(this.map);
    },
    mountPlan() {
      const bounds = [[0, 0], [this.height, this.width]];
      this.map = L.map(this.$el, {
        crs: L.CRS.Simple, minZoom: -5, maxZoom: 3, zoomSnap: 0.25, attributionControl: false, zoomControl: false,
      });
      L.control.zoom({ position: "topright" }).addTo(this.map);
      L.imageOverlay(this.imageUrl, bounds, { className: "cmms-plan-image", alt: "Floor plan" }).addTo(this.map);
      this.map.setMaxBounds(L.latLngBounds(bounds).pad(2)); // keep the plan in reach, with room for the panel
      this.fitTo(L.latLngBounds(bounds), { edge: 16 });
      this.planMarkers = {};
      (this.markers || []).forEach((item) => this.addMarker(item));
      this.map.on("click", (e) => {
        if (!this.placing) return;
        this.$emit("place", { x: e.latlng.lng, y: this.height - e.latlng.lat });
      });
    },
    addMarker(item) {
      const marker = L.marker([this.height - item.y, item.x], {
        icon: markerIcon(this.icons, item, this.styles, this.typeIcons),
        draggable: this.editable,
        autoPan: true,
        title: `${item.code} ${item.name}`,
        alt: `${item.code} (${this.styles[item.status].label})`,
      }).addTo(this.map);
      marker.item = item;
      marker.home = marker.getLatLng();
      marker.bindPopup(() => popupHtml(item, this.styles, this.labels), { minWidth: 220, ...this.popupPadding() });
      marker.on("dragend", () => {
        const spot = marker.getLatLng();
        this.$emit("moved", { id: item.id, x: spot.lng, y: this.height - spot.lat });
      });
      this.planMarkers[item.id] = marker;
    },
    fitTo(bounds, options) {
      this.fitTarget = [bounds, options];
      this.refit();
      setTimeout(() => this.refit(), 400); // the panel beside or below may still be growing
    },
    refit() {
      if (!this.fitTarget || this.userMoved || !this.$el.clientHeight) return;
      const [bounds, { edge, ...options }] = this.fitTarget;
      this.map.fitBounds(bounds, { ...options, ...this.fitPadding(edge), animate: false });
    },
    popupPadding() {
      // Popups pan into view clear of the floating panel, like fitted views.
      const pad = this.fitPadding(16);
      return { autoPanPaddingTopLeft: pad.paddingTopLeft, autoPanPaddingBottomRight: pad.paddingBottomRight };
    },
    fitPadding(edge) {
      // Keep what is fitted clear of the floating panel: beside it on wide screens, above it when docked below.
      const pad = { paddingTopLeft: [edge, edge], paddingBottomRight: [edge, edge] };
      const panel = document.querySelector(".cmms-map-panel");
      if (!panel || !panel.offsetParent) return pad;
      const map = this.$el.getBoundingClientRect();
      const box = panel.getBoundingClientRect();
      if (box.width < map.width * 0.5) pad.paddingTopLeft[0] = Math.max(edge, box.right - map.left + edge);
      else pad.paddingBottomRight[1] = Math.max(edge, map.bottom - box.top + edge);
      return pad;
    },
    confirmMove(id) {
      const marker = this.planMarkers[id];
      if (marker) marker.home = marker.getLatLng();
    },
    snapBack(id) {
      const marker = this.planMarkers[id];
      if (!marker) return;
      marker.setLatLng(marker.home);
      const icon = marker.getElement();
      icon?.classList.add("cmms-shake");
      setTimeout(() => icon?.classList.remove("cmms-shake"), 600);
    },
    setPlacing(on) {
      this.placing = on;
      this.$el.classList.toggle("cmms-placing", on);
    },
    async fetchMarkers(url) {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return response.json();
    },
    async load(url, fit, pending) {
      this.$el.classList.add("cmms-loading");
      const loadId = (this.loadId = (this.loadId || 0) + 1);
      let data;
      try {
        data = await (pending || this.fetchMarkers(url));
      } catch (error) {
        this.$emit("failed", { message: String(error) });
        return;
      } finally {
        this.$el.classList.remove("cmms-loading");
      }
      if (loadId === this.loadId) this.show(data, fit);
    },
    show(data, fit) {
      if (this.layer) this.map.removeLayer(this.layer);
      const features = data.features;
      if (fit && features.length) {
        // Fit first, so that the clusters are built once, at the zoom they are shown at.
        const bounds = L.latLngBounds(features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]]));
        this.fitTo(bounds, { edge: 48, maxZoom: 17 });
      }
      const markers = features.map((feature) => {
        const [lon, lat] = feature.geometry.coordinates;
        const props = feature.properties;
        const marker = L.marker([lat, lon], {
          icon: markerIcon(this.icons, props, this.styles, this.typeIcons),
          title: `${props.code} ${props.name}`,
        });
        marker.rank = this.styles[props.status].rank;
        marker.props = props;
        return marker;
      });
      const clustered = markers.length > this.clusterThreshold;
      this.layer = clustered
        ? L.markerClusterGroup({
            chunkedLoading: true,
            chunkInterval: 120,
            chunkDelay: 1,
            showCoverageOnHover: false,
            maxClusterRadius: 48,
            spiderfyOnMaxZoom: true,
            iconCreateFunction: (cluster) => this.clusterIcon(cluster),
          })
        : L.featureGroup();
      // One popup for the whole layer, filled on click: no popup object per marker.
      this.layer.on("click", (e) => {
        if (!e.layer.props) return;
        L.popup({ minWidth: 220, offset: [0, -14], ...this.popupPadding() })
          .setLatLng(e.layer.getLatLng())
          .setContent(popupHtml(e.layer.props, this.styles, this.labels))
          .openOn(this.map);
      });
      this.layer.addTo(this.map);
      if (clustered) this.layer.addLayers(markers);
      else markers.forEach((marker) => this.layer.addLayer(marker));
      this.$emit("loaded", { count: markers.length, unlocated: data.unlocated || 0, clustered });
    },
    clusterIcon(cluster) {
      // The centre takes the colour of the worst state inside and says how many assets the cluster holds; the ring
      // around it shows the mix of states (so 2 repairs among 100 read differently from 60), the badge how many are
      // in the worst state.
      const counts = [0, 0, 0, 0];
      for (const marker of cluster.getAllChildMarkers()) counts[marker.rank] += 1;
      const worst = [3, 2, 1, 0].find((rank) => counts[rank] > 0);
      const meaning = this.meanings[worst];
      const total = counts.reduce((sum, n) => sum + n, 0);
      const size = total < 10 ? 40 : total < 100 ? 46 : total < 1000 ? 54 : 62;
      let start = 0;
      const stops = [3, 2, 1, 0]
        .filter((rank) => counts[rank])
        .map((rank) => {
          const end = start + (counts[rank] / total) * 100;
          const stop = `${this.meanings[rank].color} ${start.toFixed(2)}% ${end.toFixed(2)}%`;
          start = end;
          return stop;
        });
      const mix = [3, 2, 1, 0]
        .filter((rank) => counts[rank])
        .map((rank) => `${counts[rank]} ${this.meanings[rank].label.toLowerCase()}`)
        .join(", ");
      const badge = worst >= 2 ? `<span class="cmms-cluster-badge"><span class="material-icons">${meaning.icon}</span>${counts[worst]}</span>` : "";
      return L.divIcon({
        className: "cmms-cluster-wrap",
        html: `<div class="cmms-cluster" data-worst="${meaning.key}" data-count="${total}" data-mix="${counts.join(",")}"
                 style="--c:${meaning.color};--t:${meaning.text};--ring:conic-gradient(${stops.join(",")});width:${size}px;height:${size}px"
                 title="${total} assets: ${escapeHtml(mix)}"><span>${total.toLocaleString()}</span>${badge}</div>`,
        iconSize: [size, size],
      });
    },
  },
};
