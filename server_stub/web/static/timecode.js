// Frame numbers, rates and SMPTE timecode in the page: the counterpart of server_stub/web/timecode.py
// (the tests run both over the same frames). The integer frame is the truth; times come from it.
// 23.976 is 24000/1001 counted as 24; 29.97 and 59.94 use drop-frame timecode (HH:MM:SS;FF).

const NTSC = { 24: [24000, 1001], 30: [30000, 1001], 48: [48000, 1001], 60: [60000, 1001], 120: [120000, 1001] };

export function rateOf(fps) {
  const value = Number(fps);
  if (!(value > 0)) throw new Error(`a frame rate must be positive, not ${fps}`);
  const nominal = Math.round(value);
  const ntsc = NTSC[nominal];
  if (value !== nominal && ntsc && Math.abs(value - ntsc[0] / ntsc[1]) < 0.01) {
    const drop = nominal === 30 || nominal === 60 ? nominal / 15 : 0;
    return { num: ntsc[0], den: ntsc[1], nominal, drop };
  }
  // An integer rate, or another fraction kept to the nearest 1/1001 (as Fraction.limit_denominator does).
  const [num, den] = nearestFraction(value, 1001);
  return { num, den, nominal, drop: 0 };
}

function nearestFraction(value, maxDen) {
  let best = [Math.round(value), 1];
  for (let den = 1; den <= maxDen; den += 1) {
    const num = Math.round(value * den);
    if (Math.abs(num / den - value) < Math.abs(best[0] / best[1] - value) - 1e-15) best = [num, den];
  }
  return best;
}

const two = (n) => String(n).padStart(2, "0");

export function timecode(frame, rate) {
  const sign = frame < 0 ? "-" : "";
  let f = Math.abs(frame);
  if (rate.drop) {
    const perTen = rate.nominal * 600 - rate.drop * 9;
    const perMinute = rate.nominal * 60 - rate.drop;
    const tens = Math.floor(f / perTen), rest = f % perTen;
    f += rate.drop * 9 * tens + (rest > rate.drop ? rate.drop * Math.floor((rest - rate.drop) / perMinute) : 0);
  }
  const frames = f % rate.nominal;
  const allSeconds = Math.floor(f / rate.nominal);
  const seconds = allSeconds % 60, minutes = Math.floor(allSeconds / 60) % 60, hours = Math.floor(allSeconds / 3600);
  return `${sign}${two(hours)}:${two(minutes)}:${two(seconds)}${rate.drop ? ";" : ":"}${two(frames)}`;
}

// The frame a decoder shows at mediaTime seconds (frame n is presented at n / fps).
export const frameAt = (mediaTime, rate) => Math.round((mediaTime * rate.num) / rate.den);

// Where to seek to show a frame: half a frame in, so rounding either way lands on it.
export const seekTime = (frame, rate) => ((frame + 0.5) * rate.den) / rate.num;

// Frames in one (nominal) second, for ±1 s steps.
export const framesPerSecond = (rate) => rate.nominal;
