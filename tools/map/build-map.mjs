// Builds static/world.svg: the land of the world, from Natural Earth's public-domain 1:110m
// data (the world-atlas package), in the equirectangular projection that src/map.rs uses
// for the markers. d3-geo does the projection, cutting at the antimeridian and clipping to
// the box. Run it when the projection changes:
//
//   cd tools/map && npm ci && npm run build
//
// The box must match src/map.rs: WIDTH units for 360° of longitude, the same scale for
// latitude, from LAT_MAX at the top down to LAT_MIN.

import { geoEquirectangular, geoPath } from 'd3-geo';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';

const WIDTH = 1000;
const LAT_MAX = 84;
const LAT_MIN = -58;
const HEIGHT = Math.round((WIDTH * (LAT_MAX - LAT_MIN)) / 360);
const LAND = '#c5ced6';
const COAST = '#8a98a6';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const topology = JSON.parse(await readFile(require.resolve('world-atlas/land-110m.json'), 'utf8'));
const land = feature(topology, topology.objects.land);

const unitsPerDegree = WIDTH / 360;
const projection = geoEquirectangular()
  .scale((unitsPerDegree * 180) / Math.PI)
  .translate([WIDTH / 2, LAT_MAX * unitsPerDegree])
  .clipExtent([
    [0, 0],
    [WIDTH, HEIGHT],
  ]);
// Relative moves rounded to half a unit (finer than the eye can see at any width) keep the
// file small on the wire.
function compact(path) {
  let out = '';
  let last = null;
  for (const [, command, args] of path.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (command === 'Z') {
      out += 'z';
      continue;
    }
    const [x, y] = args.split(',').map((n) => Math.round(Number(n) * 2) / 2);
    if (command === 'M' || !last) {
      out += `M${x} ${y}`;
    } else if (x !== last[0] || y !== last[1]) {
      out += `l${x - last[0]} ${y - last[1]}`.replace(/ -/g, '-');
    }
    last = [x, y];
  }
  return out;
}

const d = compact(geoPath(projection)(land));
const svg =
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}">` +
  `<path fill="${LAND}" stroke="${COAST}" stroke-width="0.6" stroke-linejoin="round" d="${d}"/></svg>\n`;
const out = join(here, '..', '..', 'static', 'world.svg');
await writeFile(out, svg);
console.log(`wrote ${out}: ${svg.length} bytes, ${WIDTH}x${HEIGHT}`);
