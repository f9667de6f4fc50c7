package registry

import "errors"

// errBadDelta is the error of a delta that does not rebuild an object from
// its base.
var errBadDelta = errors.New("malformed delta")

// applyDelta rebuilds an object from its base and a Git delta (the format
// of pack files: the base's size and the object's, then instructions that
// copy a range of the base or insert bytes). The result is written into
// alloc(its size), an empty buffer, allocated once (go-git's PatchDelta
// grows a buffer from nothing, which cost a history walk more than
// everything else); every instruction is checked against the bounds of the
// base, the delta and the result.
func applyDelta(alloc func(int) []byte, base, delta []byte) ([]byte, error) {
	srcSize, delta, ok := deltaSize(delta)
	if !ok || srcSize != uint64(len(base)) {
		return nil, errBadDelta
	}
	dstSize, delta, ok := deltaSize(delta)
	if !ok || dstSize > maxDeltaResult {
		return nil, errBadDelta
	}
	out := alloc(int(dstSize))
	for len(delta) > 0 {
		cmd := delta[0]
		delta = delta[1:]
		switch {
		case cmd&0x80 != 0:
			off, n, rest, ok := copyOp(cmd, delta)
			if !ok {
				return nil, errBadDelta
			}
			delta = rest
			if off+n > uint64(len(base)) || uint64(len(out))+n > dstSize {
				return nil, errBadDelta
			}
			out = append(out, base[off:off+n]...)
		case cmd != 0:
			// Insert the next cmd bytes.
			n := int(cmd)
			if n > len(delta) || uint64(len(out)+n) > dstSize {
				return nil, errBadDelta
			}
			out = append(out, delta[:n]...)
			delta = delta[n:]
		default:
			return nil, errBadDelta
		}
	}
	if uint64(len(out)) != dstSize {
		return nil, errBadDelta
	}
	return out, nil
}

// copyOp reads the operands of a delta's copy command cmd from the start
// of delta: which of the offset's 4 bytes and the size's 3 follow is said
// by the command's bits; a size of 0 is 64 KiB. ok is false when delta ends
// first.
func copyOp(cmd byte, delta []byte) (off, n uint64, rest []byte, ok bool) {
	for i := 0; i < 7; i++ {
		if cmd&(1<<i) == 0 {
			continue
		}
		if len(delta) == 0 {
			return 0, 0, nil, false
		}
		if i < 4 {
			off |= uint64(delta[0]) << (8 * i)
		} else {
			n |= uint64(delta[0]) << (8 * (i - 4))
		}
		delta = delta[1:]
	}
	if n == 0 {
		n = 0x10000
	}
	return off, n, delta, true
}

// deltaSize reads a size at the start of a delta (7 bits a byte, low
// first, the high bit saying another byte follows).
func deltaSize(d []byte) (uint64, []byte, bool) {
	var n uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if len(d) == 0 {
			return 0, nil, false
		}
		b := d[0]
		d = d[1:]
		n |= uint64(b&0x7f) << shift
		if b&0x80 == 0 {
			return n, d, true
		}
	}
	return 0, nil, false
}

// maxDeltaResult bounds what a delta may claim to rebuild (a folder of a
// million entries is about 40 MiB), so a damaged one allocates nothing
// absurd.
const maxDeltaResult = 256 << 20
