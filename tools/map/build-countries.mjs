// Builds src/map/countries.tsv: each country's name and the boxes around its land (west,
// south, east, north, in degrees; one line a box), from Natural Earth's public-domain 1:50m countries (the
// world-atlas package). The loader uses it to catch coordinates that fall outside a city's
// country, such as latitude and longitude swapped. Run it when the data changes:
//
//   cd tools/map && npm ci && npm run countries
//
// A country's land is boxed in parts, so that France's box is not the ocean between Lille and
// Réunion: each polygon's box, with boxes less than NEAR degrees apart merged. A box that
// crosses the antimeridian has west > east.

import { geoBounds } from 'd3-geo';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { feature } from 'topojson-client';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const topology = JSON.parse(
  await readFile(require.resolve('world-atlas/countries-50m.json'), 'utf8'),
);
const countries = feature(topology, topology.objects.countries).features;
const NEAR = 2;
const round = (n) => Math.round(n * 100) / 100;
const width = ([west, , east]) => (west <= east ? east - west : east + 360 - west);
// Whether two boxes are less than NEAR degrees apart (longitudes compared around the globe).
function near(a, b) {
  const latitudes = a[1] - NEAR <= b[3] && b[1] - NEAR <= a[3];
  const centre = (box) => box[0] + width(box) / 2;
  let gap = Math.abs(centre(a) - centre(b)) % 360;
  gap = Math.min(gap, 360 - gap) - (width(a) + width(b)) / 2;
  return latitudes && gap <= NEAR;
}
// The smallest box holding both (the shorter way round in longitude).
function merge(a, b) {
  const both = geoBounds({
    type: 'MultiPoint',
    coordinates: [
      [a[0], a[1]], [a[2], a[3]],
      [b[0], b[1]], [b[2], b[3]],
    ],
  });
  return [both[0][0], both[0][1], both[1][0], both[1][1]];
}
function boxes(country) {
  const polygons =
    country.geometry.type === 'Polygon'
      ? [country.geometry.coordinates]
      : country.geometry.coordinates;
  let parts = polygons.map((coordinates) => {
    const [[west, south], [east, north]] = geoBounds({ type: 'Polygon', coordinates });
    return [west, south, east, north];
  });
  for (let merged = true; merged; ) {
    merged = false;
    outer: for (let i = 0; i < parts.length; i++) {
      for (let j = i + 1; j < parts.length; j++) {
        if (near(parts[i], parts[j])) {
          parts[i] = merge(parts[i], parts[j]);
          parts.splice(j, 1);
          merged = true;
          break outer;
        }
      }
    }
  }
  return parts;
}
const lines = countries
  .filter((country) => country.properties.name && country.geometry)
  .flatMap((country) =>
    boxes(country).map((box) => [country.properties.name, ...box.map(round)].join('\t')),
  )
  .sort();
const header = '# name\twest\tsouth\teast\tnorth (degrees; Natural Earth 1:50m, public domain; made by tools/map/build-countries.mjs)';
await writeFile(join(here, '../../src/map/countries.tsv'), `${header}\n${lines.join('\n')}\n`);
console.log(`src/map/countries.tsv: ${countries.length} countries, ${lines.length} boxes`);
