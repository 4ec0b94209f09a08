package dev.latchkey.config;

import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.core.convert.converter.Converter;
import org.springframework.stereotype.Component;

/** Binds {@code 10/15m} style settings to {@link LatchkeyProperties.Limit}. */
@Component
@ConfigurationPropertiesBinding
class LimitConverter implements Converter<String, LatchkeyProperties.Limit> {

	@Override
	public LatchkeyProperties.Limit convert(String source) {
		return LatchkeyProperties.Limit.parse(source);
	}

}
