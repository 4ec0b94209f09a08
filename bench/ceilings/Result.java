import java.util.Arrays;
import java.util.List;

/** What one ceiling program measured: operations, elapsed time and sorted latencies (ns). */
record Result(long ops, double seconds, long[] sorted) {

	static Result of(List<long[]> latencies, int[] counts, double seconds) {
		long ops = 0;
		int kept = 0;
		for (int t = 0; t < counts.length; t++) {
			ops += counts[t];
			kept += Math.min(counts[t], latencies.get(t).length);
		}
		long[] all = new long[kept];
		int i = 0;
		for (int t = 0; t < counts.length; t++) {
			int n = Math.min(counts[t], latencies.get(t).length);
			System.arraycopy(latencies.get(t), 0, all, i, n);
			i += n;
		}
		Arrays.sort(all);
		return new Result(ops, seconds, all);
	}

	double percentile(double p) {
		if (this.sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.ceil(p / 100.0 * this.sorted.length) - 1;
		return this.sorted[Math.max(0, Math.min(index, this.sorted.length - 1))] / 1e6;
	}

}
